/**
 * Every extensions.code a response of the News API can carry: the names of the server's
 * `errorCodes` (src/errors.ts), copied here so the SDK imports nothing from the server or from
 * graphql; tests/error-codes.test.ts keeps the two lists equal. The README's "Error codes" says
 * what each one means.
 */
export const newsErrorCodes = [
  "BAD_USER_INPUT",
  "INTERNAL_SERVER_ERROR",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "TOO_MANY_DIRECTIVES",
  "CSRF_HEADER_REQUIRED",
  "QUERY_TOO_COSTLY",
  "OPERATION_NOT_SUPPORTED",
  "PERSISTED_QUERY_ONLY",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_ID_REQUIRED",
  "PERSISTED_QUERY_MISMATCH",
  "NOT_ACCEPTABLE",
  "UNSUPPORTED_MEDIA_TYPE",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "REQUEST_ENTITY_TOO_LARGE",
  "STORE_UNAVAILABLE",
  "TOO_MANY_STREAMS",
  "CHANGES_EXPIRED",
  "STREAM_TOO_SLOW",
] as const;

/** An extensions.code of the News API. */
export type NewsErrorCode = (typeof newsErrorCodes)[number];
