import { createHash } from "node:crypto";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { ErrorCode } from "./errors.js";

/**
 * How many documents automatic persisted queries keep per process, least recently used out
 * first: a few apps' operations fit many times over, and a stranger registering texts cannot
 * grow it past this.
 */
export const APQ_MAX_DOCUMENTS = 1_000;

/**
 * The hex SHA-256 a request names in Apollo's persisted-query extension
 * (`extensions.persistedQuery: { version: 1, sha256Hash }`), with or without a "sha256:" prefix;
 * null when it names none.
 */
export function persistedQueryHash(extensions: unknown): string | null {
  const persisted = (extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery as
    { version?: unknown; sha256Hash?: unknown } | undefined;
  if (persisted?.version !== 1 || typeof persisted.sha256Hash !== "string") return null;
  return persisted.sha256Hash.replace(/^sha256:/, "");
}

/** The error of a refused persisted-query request, with its HTTP status. */
export const persistedQueryError = (code: ErrorCode, status: number, message: string) =>
  createGraphQLError(message, { extensions: { code, http: { status } } });

/**
 * Automatic persisted queries, Apollo's protocol, for a server that runs any query: a request
 * may name its document by hash alone; an unknown hash gets PERSISTED_QUERY_NOT_FOUND (404, with
 * `Cache-Control: no-store`, so no CDN keeps the miss), the client sends the text with the hash,
 * which registers it once the hash is checked against the text, and later hash-only requests
 * (GET included, which CDNs cache) run it. yoga's own @graphql-yoga/plugin-apq does the same but
 * peers on an older @graphql-tools/utils than the rest of this tree, so npm refuses to install it.
 */
export function useAutomaticPersistedQueries({
  maxDocuments = APQ_MAX_DOCUMENTS,
}: { maxDocuments?: number } = {}): Plugin {
  const documents = new Map<string, string>();
  const misses = new WeakSet<Request>();
  return {
    onParams({ params, setParams, request }) {
      const hash = persistedQueryHash(params.extensions);
      if (hash === null) return;
      if (params.query == null) {
        const query = documents.get(hash);
        if (query === undefined) {
          misses.add(request);
          throw persistedQueryError(
            "PERSISTED_QUERY_NOT_FOUND",
            404,
            "PersistedQueryNotFound: send the query text with its hash once to register it.",
          );
        }
        // Used again: moved to the young end of the map, the last to be dropped.
        documents.delete(hash);
        documents.set(hash, query);
        setParams({ ...params, query });
        return;
      }
      if (createHash("sha256").update(params.query).digest("hex") !== hash) {
        throw persistedQueryError(
          "PERSISTED_QUERY_MISMATCH",
          400,
          "PersistedQueryMismatch: the hash is not the sha256 of the query text sent with it.",
        );
      }
      if (!documents.has(hash) && documents.size >= maxDocuments) {
        documents.delete(documents.keys().next().value!);
      }
      documents.set(hash, params.query);
    },
    onResponse({ request, response }) {
      if (misses.has(request)) response.headers.set("cache-control", "no-store");
    },
  };
}
