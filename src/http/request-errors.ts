import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ErrorCode } from "../errors.js";

const badRequest = (message: string) =>
  new GraphQLError(message, {
    extensions: { code: "BAD_REQUEST" satisfies ErrorCode, http: { status: 400 } },
  });

/**
 * Requests that do not parse are the client's mistake, said in our words: yoga parses
 * `variables` and `extensions` of a GET or form POST with a bare JSON.parse (a 500 for
 * `?variables=x`), and its answer to a POST of invalid JSON carries the parser's name and
 * message in `extensions.originalError`, internals a client has no use for.
 */
export function useParseErrorsAsBadRequest(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof SyntaxError) {
            throw badRequest("`variables` and `extensions` must be JSON objects.");
          }
          if (error instanceof GraphQLError && error.extensions["originalError"]) {
            throw badRequest("The request body is not valid JSON.");
          }
          throw error;
        }
      });
    },
  };
}

/** Statuses yoga answers with an empty body, and the coded error each gets instead. */
const EMPTY_REFUSALS = new Map<number, { code: ErrorCode; message: string }>([
  [
    406,
    {
      code: "NOT_ACCEPTABLE",
      message:
        "None of the media types in Accept can carry this answer: accept application/graphql-response+json or application/json, and multipart/mixed or text/event-stream for an answer in parts (@defer, @stream).",
    },
  ],
  [
    415,
    {
      code: "UNSUPPORTED_MEDIA_TYPE",
      message:
        "POST bodies are application/json (or application/graphql, form-urlencoded or multipart with the CSRF header).",
    },
  ],
]);

/** Gives yoga's bodiless 406 and 415 answers a GraphQL error with a code, keeping their headers. */
export function useCodedRefusals(): Plugin {
  return {
    onResponse({ response, setResponse, fetchAPI }) {
      const refusal = EMPTY_REFUSALS.get(response.status);
      if (!refusal || response.headers.get("content-type")) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set("content-type", "application/json; charset=utf-8");
      headers.delete("content-length");
      const body = JSON.stringify({
        errors: [{ message: refusal.message, extensions: { code: refusal.code } }],
      });
      setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
    },
  };
}
