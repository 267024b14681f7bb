import type { IncomingHttpHeaders } from "node:http";
import type { ExecutionResult } from "graphql";
import {
  isAsyncIterable,
  processRegularResult,
  type GraphQLParams,
  type YogaServerInstance,
} from "graphql-yoga";
import { replyOf, type CacheServerContext, type Reply } from "./response-cache.js";

/**
 * The Accept headers a plain request may carry, and the media type yoga answers each with
 * (tests/http-serve.test.ts checks every one against yoga itself).
 */
const MEDIA_TYPE_FOR_ACCEPT = new Map<string | undefined, string>([
  [undefined, "application/json"],
  ["*/*", "application/json"],
  ["application/json", "application/json"],
  ["application/graphql-response+json", "application/graphql-response+json"],
  ["application/graphql-response+json, application/json", "application/graphql-response+json"],
]);

const JSON_CONTENT_TYPES = new Set(["application/json", "application/json; charset=utf-8"]);
const PARAM_NAMES = new Set(["query", "variables", "operationName", "extensions"]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The GraphQL parameters of a JSON body, if it holds exactly those and nothing odd. */
function paramsOf(body: string): GraphQLParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || !Object.keys(parsed).every((name) => PARAM_NAMES.has(name))) {
    return undefined;
  }
  const { query, variables, operationName, extensions } = parsed;
  const fits =
    (query === undefined || typeof query === "string") &&
    (variables == null || isPlainObject(variables)) &&
    (operationName == null || typeof operationName === "string") &&
    (extensions === undefined || isPlainObject(extensions));
  return fits ? (parsed as GraphQLParams) : undefined;
}

/** graphql-jit attaches a serializer compiled for the document's shape; yoga uses it too. */
type JitResult = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

/** A request yoga would answer the same way the direct lane does, if it succeeds. */
export interface PlainRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The direct lane: a JSON POST to the GraphQL endpoint from a non-browser origin (no CORS), run
 * through yoga's own GraphQL pipeline — the same envelop plugins: persisted documents, limits,
 * cost, introspection rules, graphql-jit, error masking — but without building a fetch Request
 * and Response around it, which costs as much CPU as the execution itself. The answer is byte
 * for byte what yoga's HTTP layer would send: a result without errors is serialised here, one
 * with errors by yoga's own result processor (its status codes, its stripping of internals).
 * A different request shape, or a refusal before execution (which yoga throws), returns
 * undefined, and the caller hands the request to yoga.
 */
export async function answerDirectly<UserContext extends Record<string, any>>(
  yoga: YogaServerInstance<CacheServerContext, UserContext>,
  { url, headers, body }: PlainRequest,
  context: CacheServerContext,
): Promise<Reply | undefined> {
  const mediaType = MEDIA_TYPE_FOR_ACCEPT.get(headers.accept);
  if (
    url !== yoga.graphqlEndpoint ||
    mediaType === undefined ||
    headers.origin !== undefined ||
    !JSON_CONTENT_TYPES.has(headers["content-type"] ?? "")
  ) {
    return undefined;
  }
  const params = paramsOf(body);
  if (!params) return undefined;
  // Headers are read lazily by whatwg-node: resolvers and plugins see a real Request.
  const request = new yoga.fetchAPI.Request(`http://${headers.host ?? "localhost"}${url}`, {
    method: "POST",
    headers: headers as Record<string, string>,
  });
  let result: JitResult | AsyncIterable<unknown> | undefined;
  try {
    result = await yoga.getResultForParams(
      { params, request },
      Object.assign({}, context, { request }),
    );
  } catch {
    // Refusals before execution (a persisted-document rule, a missing query) throw here.
    return undefined;
  }
  if (!result || isAsyncIterable(result)) return undefined;
  if (result.errors?.length || result.extensions?.["http"]) {
    return replyOf(processRegularResult(result, yoga.fetchAPI, mediaType));
  }
  const json = (result.stringify ?? JSON.stringify)(result);
  return {
    status: 200,
    headers: {
      "content-type": `${mediaType}; charset=utf-8`,
      "content-length": `${Buffer.byteLength(json)}`,
    },
    body: json,
  };
}
