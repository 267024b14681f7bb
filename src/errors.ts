import { GraphQLError } from "graphql";

/**
 * Every extensions.code a response of this API can carry, with what it means: the one list.
 * The README's "Error codes" table repeats it (a test keeps the two equal) and the SDK exports
 * the names as `NewsErrorCode`. A variable of the wrong type, or a missing one, is a 400 whose
 * error has no code (graphql-js sets none).
 */
export const errorCodes = {
  // Set by this API.
  BAD_USER_INPUT:
    "A malformed id or cursor, a page size outside 0–100, more than 100 ids, a DateTime without a zone, an empty search or one over 500 characters.",
  INTERNAL_SERVER_ERROR: "Anything unexpected; the message and stack are masked.",
  QUERY_TOO_DEEP: "Fields nest deeper than 8 levels.",
  TOO_MANY_ALIASES: "The document has more than 15 aliases.",
  TOO_MANY_DIRECTIVES: "The document has more than 50 directives.",
  CSRF_HEADER_REQUIRED:
    "A form-urlencoded, multipart or text/plain POST without the x-graphql-yoga-csrf header: a cross-site form could send it.",
  QUERY_TOO_COSTLY:
    "The query may return more objects than the cost limit (5,000): page sizes multiply what is below them. extensions.cost says by how much.",
  OPERATION_NOT_SUPPORTED:
    "A mutation: this API answers queries and subscriptions only (the schema has no mutation root).",
  PERSISTED_QUERY_ONLY:
    "Trusted-documents mode: the request sent query text; send a manifest hash instead.",
  PERSISTED_QUERY_NOT_FOUND:
    "A hash the server does not know: with trusted documents, not in the manifest; otherwise (automatic persisted queries), not registered yet: send the text with it.",
  PERSISTED_QUERY_ID_REQUIRED:
    "Trusted-documents mode: the request sent neither a hash nor a query.",
  PERSISTED_QUERY_MISMATCH:
    "Automatic persisted queries: the hash sent with a query text is not the sha256 of that text.",
  // Set by graphql-yoga on requests it cannot run.
  NOT_ACCEPTABLE:
    "HTTP 406: no media type in Accept can carry the answer (application/graphql-response+json or application/json; multipart/mixed or text/event-stream for @defer and @stream).",
  UNSUPPORTED_MEDIA_TYPE:
    "HTTP 415: the POST body's Content-Type is none that GraphQL over HTTP allows (send application/json).",
  BAD_REQUEST:
    "Not a GraphQL request: invalid JSON, no query, an unknown parameter, a method other than GET or POST, a mutation over GET.",
  GRAPHQL_PARSE_FAILED: "The query text does not parse.",
  GRAPHQL_VALIDATION_FAILED:
    "The query does not validate against the schema, e.g. an unknown field.",
  OPERATION_RESOLUTION_FAILURE:
    "No single operation to run: several in the document and no operationName, or an unknown one.",
  REQUEST_ENTITY_TOO_LARGE: "The request body is over 64 kB.",
  STORE_UNAVAILABLE:
    "The database behind the API cannot be reached or did not answer in time; retry shortly.",
  // Set by this API on subscriptions (live updates over server-sent events).
  TOO_MANY_STREAMS:
    "HTTP 429: this client address (or the whole server) has as many subscription streams open as it may (100 per address, 10,000 per process); close one first.",
  CHANGES_EXPIRED:
    "HTTP 410, or an event that ends a stream: the change log no longer holds the changes after Last-Event-ID (or a stream fell that far behind); refetch, then subscribe without Last-Event-ID.",
  STREAM_TOO_SLOW:
    "An event that ends a stream whose client left more than 100 store writes unread; reconnect with Last-Event-ID to resume.",
} as const;

/** An extensions.code of this API; see `errorCodes` for each one's meaning. */
export type ErrorCode = keyof typeof errorCodes;

/** The store's database is down or slow: a 503 the client may retry, with no internal detail. */
export const storeUnavailable = (): GraphQLError =>
  new GraphQLError("The news store cannot be reached just now; try again shortly.", {
    extensions: { code: "STORE_UNAVAILABLE" satisfies ErrorCode, http: { status: 503 } },
  });

/** The client asked for something malformed or out of range; the message says what. */
export const badUserInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" satisfies ErrorCode } });
