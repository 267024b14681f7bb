import { createHash } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import type { Store } from "../store/store.js";

/** What a browser or CDN may do with a GET answer: news changes by the minute, not the second. */
const GET_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
/** Bounds on the cache, so unique requests (a crawler, a search box) cannot grow it without end. */
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;
/** How many once-seen requests the doorkeeper remembers before it starts afresh. */
const DOORKEEPER_SIZE = 50_000;

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

/** Everything of a request that can change the answer to it: the cache key is made of these. */
export interface RequestFacts {
  method: string;
  /** Path and query string. */
  target: string;
  accept: string;
  contentType: string;
  origin: string;
  body: string;
}

export const cacheKeyOf = (facts: RequestFacts): string =>
  `${facts.method} ${facts.target}\n${facts.accept}\n${facts.contentType}\n${facts.origin}\n${facts.body}`;

/** GETs, and POSTs of JSON: the only requests whose whole answer depends on the facts above. */
export const isCacheable = (method: string, contentType: string) =>
  method === "GET" || (method === "POST" && contentType.startsWith("application/json"));

/** A response ready to send: status, headers (names in lower case, content-length set), body. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer<ArrayBuffer>;
}

/** A fetch Response as a Reply, its body read whole (every GraphQL answer here is finite). */
export async function replyOf(response: Response): Promise<Reply> {
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: { ...Object.fromEntries(response.headers), "content-length": `${body.length}` },
    body,
  };
}

interface CachedAnswer extends Reply {
  body: Buffer<ArrayBuffer>;
  etag: string;
}

/**
 * Whole answers, keyed on the request's bytes: a repeated request costs a map lookup and a
 * socket write. An answer is kept from its request's second sighting on. Everything here is
 * public, so there is no session in the key; the store's generation retires every answer at
 * once when an ingest changes the data. Kept answers carry an ETag (a matching If-None-Match
 * gets a 304). Least recently used answers go first when the bounds are reached.
 */
export class ResponseCache {
  private readonly answers = new Map<string, CachedAnswer>();
  /**
   * Hashes of requests seen once. An answer is kept the second time its request is seen, as
   * CDNs "cache on second hit": one-off requests (a unique search, a crawler) then cost no
   * copy, no memory and no garbage collection of an answer nobody asks for again.
   */
  private readonly seenOnce = new Set<number>();
  private bytes = 0;
  private generation: number;

  constructor(private readonly store: Store) {
    this.generation = store.generation;
  }

  /** The store's generation now: pass it to `offer` for an answer started now. */
  get currentGeneration(): number {
    return this.store.generation;
  }

  /** The reply for a cached answer (a 304 if the client holds it already), if there is one. */
  lookUp(key: string, ifNoneMatch: string | null | undefined): Reply | undefined {
    this.retireIfStale();
    const answer = this.answers.get(key);
    if (!answer) return undefined;
    this.answers.delete(key);
    this.answers.set(key, answer);
    return replyWith(answer, ifNoneMatch);
  }

  /**
   * Offers an error-free 200 answer made at `generation`: it is kept from its request's second
   * sighting on (unless the data changed meanwhile). Returns the reply to send: a kept answer, or
   * one the client asks to revalidate, carries its ETag; any GET answer carries Cache-Control.
   */
  offer(
    key: string,
    { method, ifNoneMatch }: { method: string; ifNoneMatch: string | null | undefined },
    reply: Reply,
    generation: number,
  ): Reply {
    this.retireIfStale();
    const headers =
      method === "GET" ? { ...reply.headers, "cache-control": GET_CACHE_CONTROL } : reply.headers;
    const kept = generation === this.generation && this.admits(key);
    // A first sighting goes out as it was made: hashing and copying a one-off would be wasted.
    if (!kept && !ifNoneMatch) return { ...reply, headers };
    const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
    const etag = createHash("sha256").update(body).digest("hex");
    const answer = { status: reply.status, headers: { ...headers, etag }, body, etag };
    if (kept && body.length <= MAX_BYTES / 16) this.add(key, answer);
    return replyWith(answer, ifNoneMatch);
  }

  /** True the second time a key is offered (or on a rare hash collision: harmless). */
  private admits(key: string): boolean {
    const hash = hashOf(key);
    if (this.seenOnce.delete(hash)) return true;
    if (this.seenOnce.size >= DOORKEEPER_SIZE) this.seenOnce.clear();
    this.seenOnce.add(hash);
    return false;
  }

  private add(key: string, answer: CachedAnswer): void {
    this.delete(key);
    this.answers.set(key, answer);
    this.bytes += answer.body.length + key.length;
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.delete(oldest);
    }
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
    this.seenOnce.clear();
    this.bytes = 0;
    this.generation = this.store.generation;
  }
}

/** FNV-1a over the key's UTF-16 code units: a few microseconds, no allocation. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

const EMPTY = Buffer.alloc(0);

function replyWith(answer: CachedAnswer, ifNoneMatch: string | null | undefined): Reply {
  if (ifNoneMatch !== answer.etag) return answer;
  const cacheControl = answer.headers["cache-control"];
  return {
    status: 304,
    headers: { etag: answer.etag, ...(cacheControl ? { "cache-control": cacheControl } : {}) },
    body: EMPTY,
  };
}
