import { GraphQLError } from "graphql";

/**
 * Every extensions.code this API sets on its own errors. yoga adds GRAPHQL_PARSE_FAILED and
 * GRAPHQL_VALIDATION_FAILED for documents that do not parse or validate.
 */
export type ErrorCode = "BAD_USER_INPUT" | "INTERNAL_SERVER_ERROR";

/** The client asked for something malformed or out of range; the message says what. */
export const badUserInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" satisfies ErrorCode } });
