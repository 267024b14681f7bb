import { isAsyncIterable, type Plugin } from "graphql-yoga";
import { LIMITS } from "../limits.js";
import { wholeNumberSetting } from "../settings.js";
import type { Store } from "../store/store.js";
import { CacheTags } from "../cache-tags.js";
import { COMPRESS_FROM_BYTES, compress } from "./compression.js";
import { codingFor, etagOf, noneMatchHits, type Coding } from "./negotiation.js";
import { answerOf, cacheKeyOf, isCacheable, ResponseCache, type Answer } from "./response-cache.js";

/** What a browser or CDN may do with a GET answer: news changes by the minute, not the second. */
const GET_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
/** Answers that are streamed part by part: never buffered, kept, compressed or stored by a cache. */
const STREAMED = /^(text\/event-stream|multipart\/mixed)/;

const GET_FACTS = { method: "GET", contentType: "", origin: "", body: "" };

/** Yoga's server context for one request: what the caching layer learns of it on the way. */
export interface CacheServerContext {
  caching?: {
    key: string;
    /** The store's generation when the request came in: an answer spanning a reload is not kept. */
    generation: number;
    /** Set once the final result is known to hold no errors (and is not a stream). */
    errorFree: boolean;
    hit?: Answer;
    /** What the answer reads, collected by the request's context for the tag header. */
    tags?: CacheTags;
  };
}

type Caching = NonNullable<CacheServerContext["caching"]>;

export interface HttpCachingOptions {
  /** The store whose generation retires kept answers; without one, nothing is kept. */
  store: Store | undefined;
  graphqlEndpoint: string;
  /** Whether CORS headers depend on Origin (some origins are allowed): then caches must vary on it. */
  varyOnOrigin: boolean;
  cdn?: CdnOptions | undefined;
}

/** What a CDN in front is told, beside the Cache-Control browsers follow. */
export interface CdnOptions {
  /** The header that names an answer's cache tags: Fastly/Varnish or Cloudflare. */
  tagHeader: "surrogate-key" | "cache-tag";
  /**
   * Seconds a CDN may keep an answer until a purge, when purges reach it: as
   * `Surrogate-Control: max-age` with Surrogate-Key, as `s-maxage` in Cache-Control with
   * Cache-Tag (Cloudflare reads no Surrogate-Control). Unset: the CDN follows max-age.
   */
  maxAge?: number | undefined;
}

/**
 * HTTP caching for the GraphQL endpoint, as a yoga plugin so that every request takes the one
 * pipeline: the request hooks of the plugins before it (health, CORS, GraphiQL, the production
 * page) run on every request, and a kept answer is only ever one this pipeline produced for the
 * same request bytes (refusals and answers with errors are never kept). On the way out every
 * answer gets `Vary`; error-free GET answers get Cache-Control, a strong ETag per content coding
 * and a 304 for a matching If-None-Match; bodies over 1 kB are compressed when the client
 * accepts br or gzip. Streams (SSE, multipart) pass through untouched but for `no-store`.
 */
export function useHttpCaching({
  store,
  graphqlEndpoint,
  varyOnOrigin,
  cdn = { tagHeader: "surrogate-key" },
}: HttpCachingOptions): Plugin<{}, CacheServerContext> {
  const cache = store && new ResponseCache(store);
  /** A page's caching state: its compressed copies are worth keeping (GraphiQL's is 9 MB). */
  const pageCaching = (request: Request, url: URL): Caching => {
    const key = cacheKeyOf({
      ...GET_FACTS,
      target: url.pathname + url.search,
      accept: request.headers.get("accept") ?? "",
    });
    const hit = cache?.lookUp(key);
    return { key, generation: cache?.currentGeneration ?? 0, errorFree: true, ...(hit && { hit }) };
  };
  const vary = varyOnOrigin ? "Accept, Accept-Encoding, Origin" : "Accept, Accept-Encoding";
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      const method = request.method;
      const contentType = request.headers.get("content-type") ?? "";
      if (url.pathname !== graphqlEndpoint || !isCacheable(method, contentType)) return;
      let body = "";
      if (method === "POST") {
        // Bodies of unknown or excessive length are left to yoga, which refuses them unread.
        const length = Number(request.headers.get("content-length") ?? NaN);
        if (!(length <= LIMITS.bodyBytes)) return;
        // whatwg-node, yoga's fetch API on Node, keeps the text of a body once read: yoga's
        // parser reads it again from there, with no copy of the request.
        body = await request.text();
      }
      const key = cacheKeyOf({
        method,
        target: url.pathname + url.search,
        accept: request.headers.get("accept") ?? "",
        contentType,
        origin: request.headers.get("origin") ?? "",
        body,
      });
      const hit = cache?.lookUp(key);
      const caching: Caching = {
        key,
        generation: cache?.currentGeneration ?? 0,
        errorFree: false,
      };
      if (hit) caching.hit = hit;
      else caching.tags = new CacheTags();
      serverContext.caching = caching;
      if (hit) endResponse(new fetchAPI.Response(bodyInit(hit.body), hit));
    },

    onResultProcess({ result, serverContext }) {
      const caching = serverContext.caching;
      if (!caching || isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      caching.errorFree = results.every((one) => !one.errors?.length);
    },

    async onResponse({ request, response, serverContext, setResponse, fetchAPI }) {
      const url = new URL(request.url);
      if (url.pathname !== graphqlEndpoint) return;
      const contentType = response.headers.get("content-type") ?? "";
      response.headers.set("vary", vary);
      if (STREAMED.test(contentType)) {
        response.headers.set("cache-control", "no-store");
        return;
      }
      // GraphiQL's page and the production page are answered before onRequest above runs.
      const page = request.method === "GET" && contentType.startsWith("text/html");
      const caching = serverContext.caching ?? (page ? pageCaching(request, url) : undefined);
      if (response.status !== 200 || !caching || !(caching.errorFree || caching.hit)) return;
      if (caching.tags) response.headers.set(cdn.tagHeader, caching.tags.headerValue());
      const answer = caching.hit ?? (await answerFrom(response));
      if (!caching.hit) cache?.offer(caching.key, answer, caching.generation);
      const reply = await representation(answer, request, vary, cdn);
      setResponse(new fetchAPI.Response(reply.body && bodyInit(reply.body), reply));
    },
  };
}

/** CACHE_TAG_HEADER (surrogate-key, the default, or cache-tag) and CDN_MAX_AGE (seconds). */
export function cdnFromSettings(
  tagHeader: string | undefined,
  maxAge: string | undefined,
): CdnOptions {
  const header = (tagHeader ?? "surrogate-key").trim().toLowerCase();
  if (header !== "surrogate-key" && header !== "cache-tag") {
    throw new Error(`CACHE_TAG_HEADER must be Surrogate-Key or Cache-Tag; it was "${tagHeader}".`);
  }
  const seconds = wholeNumberSetting("CDN_MAX_AGE", maxAge, 0);
  return seconds === undefined ? { tagHeader: header } : { tagHeader: header, maxAge: seconds };
}

/** Cache-Control for browsers, and the CDN's own lifetime where one is configured. */
function cdnCacheControl({ tagHeader, maxAge }: CdnOptions): Record<string, string> {
  if (maxAge === undefined) return { "cache-control": GET_CACHE_CONTROL };
  if (tagHeader === "cache-tag") {
    return { "cache-control": `${GET_CACHE_CONTROL}, s-maxage=${maxAge}` };
  }
  return { "cache-control": GET_CACHE_CONTROL, "surrogate-control": `max-age=${maxAge}` };
}

/** Node's Buffers are Uint8Arrays a Response takes as they are; only their typing says otherwise. */
const bodyInit = (body: Buffer) => body as Uint8Array<ArrayBuffer>;

async function answerFrom(response: Response): Promise<Answer> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries(response.headers);
  delete headers["content-length"];
  return answerOf(response.status, headers, body);
}

/**
 * The answer as this request should get it: a 304 when its validator matches, otherwise the
 * body in the best coding the client accepts (compressed once per answer and coding), with the
 * caching headers of a GET.
 */
async function representation(answer: Answer, request: Request, vary: string, cdn: CdnOptions) {
  const isGet = request.method === "GET";
  const coding =
    answer.body.length >= COMPRESS_FROM_BYTES
      ? codingFor(request.headers.get("accept-encoding"))
      : undefined;
  const etag = etagOf(answer.tag, coding);
  const caching: Record<string, string> = isGet
    ? { etag, vary, ...cdnCacheControl(cdn) }
    : { vary };
  if (isGet && noneMatchHits(request.headers.get("if-none-match"), etag)) {
    return { status: 304, headers: caching, body: null };
  }
  const body = coding ? await encoded(answer, coding) : answer.body;
  return {
    status: answer.status,
    headers: {
      ...answer.headers,
      ...caching,
      "content-length": `${body.length}`,
      ...(coding && { "content-encoding": coding }),
    },
    body,
  };
}

function encoded(answer: Answer, coding: Coding): Promise<Buffer> {
  let body = answer.encoded.get(coding);
  if (!body) {
    body = compress(answer.body, coding);
    answer.encoded.set(coding, body);
  }
  return body;
}
