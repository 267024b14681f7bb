import { hashSHA256, useResponseCache } from "@graphql-yoga/plugin-response-cache";
import type { Plugin } from "graphql-yoga";
import type { Store } from "./store/store.js";

/** How long a cached answer may live; a store change retires it sooner (see the key). */
const CACHE_TTL_MS = 10 * 60_000;
/** What a browser or CDN may do with a GET answer: news changes by the minute, not the second. */
const GET_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";

/**
 * Repeated queries are answered from memory before they are parsed. Everything here is public,
 * so there is no session; the key holds the store's generation, so an ingest retires every
 * cached answer at once. Answers carry an ETag (a matching If-None-Match gets a 304) and, over
 * GET, Cache-Control for browsers and CDNs. Answers with errors are never cached.
 */
export function cachingPlugins(store: Store): Plugin[] {
  return [
    useResponseCache({
      session: () => null,
      ttl: CACHE_TTL_MS,
      buildResponseCacheKey: ({ documentString, variableValues, operationName }) =>
        hashSHA256(
          JSON.stringify([
            store.generation,
            documentString,
            operationName ?? null,
            variableValues ?? {},
          ]),
        ),
    }),
    {
      onResponse({ request, response }) {
        if (request.method === "GET" && response.status === 200) {
          response.headers.set("cache-control", GET_CACHE_CONTROL);
        }
      },
    },
  ];
}
