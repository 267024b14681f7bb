import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin, YogaServerInstance } from "graphql-yoga";
import { LIMITS } from "./limits.js";
import type { Store } from "./store/store.js";

/** What a browser or CDN may do with a GET answer: news changes by the minute, not the second. */
const GET_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
/** Bounds on the cache, so unique requests (a crawler, a search box) cannot grow it without end. */
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Yoga's server context for one request: the execution marks whether the answer may be cached.
 * Set only when the whole result came back without errors.
 */
export interface CacheServerContext {
  answer?: { errorFree: boolean };
}

/** Marks an answer cacheable when its execution had no errors; runs last, to see the final result. */
export function useCacheableMark(): Plugin<CacheServerContext> {
  return {
    onExecute({ args }) {
      const answer = (args.contextValue as CacheServerContext).answer;
      if (!answer) return;
      return {
        onExecuteDone({ result }) {
          answer.errorFree = !("errors" in result && result.errors?.length);
        },
      };
    },
  };
}

/** Everything of a request that can change yoga's answer to it: the cache key is made of these. */
interface RequestFacts {
  method: string;
  /** Path and query string. */
  target: string;
  accept: string;
  contentType: string;
  origin: string;
  body: string;
}

const keyOf = (facts: RequestFacts): string =>
  `${facts.method} ${facts.target}\n${facts.accept}\n${facts.contentType}\n${facts.origin}\n${facts.body}`;

/** GETs, and POSTs of JSON: the only requests whose whole answer depends on the facts above. */
const isCacheable = (method: string, contentType: string) =>
  method === "GET" || (method === "POST" && contentType.startsWith("application/json"));

interface CachedAnswer {
  /** Headers ready for writeHead, ETag and Cache-Control included. */
  headers: Record<string, string>;
  etag: string;
  body: Buffer<ArrayBuffer>;
}

/**
 * Answers from a cache of whole responses, keyed on the request's bytes, in front of yoga:
 * a repeated request costs a map lookup and a socket write, with no Request object, parse or
 * execution. Everything here is public, so there is no session in the key; the store's
 * generation retires every answer at once when an ingest changes the data. Only answers
 * without errors are kept. Cached answers carry an ETag (a matching If-None-Match gets a 304)
 * and, over GET, Cache-Control for browsers and CDNs.
 */
class ResponseCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private bytes = 0;
  private generation: number;

  constructor(private readonly store: Store) {
    this.generation = store.generation;
  }

  get(key: string): CachedAnswer | undefined {
    this.retireIfStale();
    const answer = this.answers.get(key);
    if (answer) {
      // Least recently used goes first: a hit moves to the back of the map's order.
      this.answers.delete(key);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** Keeps an answer made at `generation`, unless the data changed while it was made. */
  set(key: string, answer: CachedAnswer, generation: number): void {
    this.retireIfStale();
    if (generation !== this.generation || answer.body.length > MAX_BYTES / 16) return;
    this.delete(key);
    this.answers.set(key, answer);
    this.bytes += answer.body.length + key.length;
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.delete(oldest);
    }
  }

  get currentGeneration(): number {
    return this.store.generation;
  }

  private delete(key: string): void {
    const answer = this.answers.get(key);
    if (!answer) return;
    this.answers.delete(key);
    this.bytes -= answer.body.length + key.length;
  }

  private retireIfStale(): void {
    if (this.store.generation === this.generation) return;
    this.answers.clear();
    this.bytes = 0;
    this.generation = this.store.generation;
  }
}

/** A response ready to send: status, headers, body. */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer<ArrayBuffer>;
}

const notModified = (answer: CachedAnswer): Reply => ({
  status: 304,
  headers: { etag: answer.etag, ...cacheControlOf(answer) },
  body: Buffer.alloc(0),
});

const cacheControlOf = (answer: CachedAnswer): Record<string, string> =>
  answer.headers["cache-control"] ? { "cache-control": answer.headers["cache-control"] } : {};

const replyWith = (answer: CachedAnswer, ifNoneMatch: string | null | undefined): Reply =>
  ifNoneMatch === answer.etag
    ? notModified(answer)
    : { status: 200, headers: answer.headers, body: answer.body };

/**
 * The GraphQL app behind the response cache: a node:http request listener (what the server
 * listens with) with a `fetch` for tests and in-process use. Both go through the same cache.
 */
export interface CachedApp {
  (request: IncomingMessage, response: ServerResponse): void;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly graphqlEndpoint: string;
}

/** Puts a response cache in front of `yoga`; without a store to key on, the app is yoga as it is. */
export function withResponseCache<UserContext extends Record<string, any>>(
  yoga: YogaServerInstance<CacheServerContext, UserContext>,
  store: Store | undefined,
): CachedApp {
  const cache = store && new ResponseCache(store);

  /** Runs a request through yoga and keeps the answer when it may be reused. */
  async function answer(request: Request, key: string | undefined): Promise<Reply> {
    const generation = cache?.currentGeneration ?? 0;
    const context: CacheServerContext = { answer: { errorFree: false } };
    const response = await yoga.handleRequest(request, context);
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {
      ...Object.fromEntries(response.headers),
      "content-length": `${body.length}`,
    };
    if (!cache || key === undefined || response.status !== 200 || !context.answer?.errorFree) {
      return { status: response.status, headers, body };
    }
    const etag = createHash("sha256").update(body).digest("hex");
    if (request.method === "GET") headers["cache-control"] = GET_CACHE_CONTROL;
    headers.etag = etag;
    const cached = { headers, etag, body };
    cache.set(key, cached, generation);
    return replyWith(cached, request.headers.get("if-none-match"));
  }

  async function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const incoming = new yoga.fetchAPI.Request(input, init);
    const contentType = incoming.headers.get("content-type") ?? "";
    if (!cache || !isCacheable(incoming.method, contentType)) {
      return yoga.handleRequest(incoming, {});
    }
    const body = incoming.method === "POST" ? await incoming.text() : "";
    const url = new URL(incoming.url);
    const key = keyOf({
      method: incoming.method,
      target: url.pathname + url.search,
      accept: incoming.headers.get("accept") ?? "",
      contentType,
      origin: incoming.headers.get("origin") ?? "",
      body,
    });
    const ifNoneMatch = incoming.headers.get("if-none-match");
    const hit = cache.get(key);
    const reply = hit
      ? replyWith(hit, ifNoneMatch)
      : await answer(
          new yoga.fetchAPI.Request(incoming.url, {
            method: incoming.method,
            headers: incoming.headers,
            ...(body ? { body } : {}),
          }),
          key,
        );
    return new yoga.fetchAPI.Response(reply.status === 304 ? null : reply.body, reply);
  }

  function listener(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? "GET";
    const contentType = request.headers["content-type"] ?? "";
    const length = Number(request.headers["content-length"] ?? (method === "GET" ? 0 : NaN));
    // Unknown or oversized bodies (yoga answers 413), and everything but GET and JSON POSTs, go to yoga untouched.
    if (!cache || !isCacheable(method, contentType) || !(length <= LIMITS.bodyBytes)) {
      void yoga(request, response);
      return;
    }
    readBody(request, length).then(
      (body) => serveNode(request, response, method, contentType, body),
      () => response.destroy(),
    );
  }

  function serveNode(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    contentType: string,
    body: string,
  ): void {
    const { headers } = request;
    const key = keyOf({
      method,
      target: request.url ?? "/",
      accept: headers.accept ?? "",
      contentType,
      origin: headers.origin ?? "",
      body,
    });
    const hit = cache!.get(key);
    if (hit) {
      send(response, replyWith(hit, headers["if-none-match"]));
      return;
    }
    answer(nodeToFetchRequest(request, method, body), key).then(
      (reply) => send(response, reply),
      () => send(response, { status: 500, headers: {}, body: Buffer.alloc(0) }),
    );
  }

  function nodeToFetchRequest(request: IncomingMessage, method: string, body: string): Request {
    const headers = new yoga.fetchAPI.Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      headers.append(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
    }
    const host = request.headers.host ?? "localhost";
    return new yoga.fetchAPI.Request(`http://${host}${request.url ?? "/"}`, {
      method,
      headers,
      ...(method === "GET" ? {} : { body }),
    });
  }

  return Object.assign(listener, { fetch, graphqlEndpoint: yoga.graphqlEndpoint });
}

/** Reads a body of a known length; the listener only calls this for lengths within the limit. */
function readBody(request: IncomingMessage, length: number): Promise<string> {
  if (length === 0) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, { status, headers, body }: Reply): void {
  response.writeHead(status, headers);
  response.end(status === 304 ? undefined : body);
}
