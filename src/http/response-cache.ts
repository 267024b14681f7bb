import { createHash } from "node:crypto";
import type { Store } from "../store/store.js";

/** Bounds on the cache, so unique requests (a crawler, a search box) cannot grow it without end. */
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;
/** The largest answer kept: GraphiQL's page (about 9 MB) fits, and four of them would not. */
const MAX_ANSWER_BYTES = MAX_BYTES / 4;
/** How many once-seen requests the doorkeeper remembers before it starts afresh. */
const DOORKEEPER_SIZE = 50_000;

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

/**
 * A finished answer the full pipeline produced: its identity body, the headers it went out
 * with, and a strong validator of the body (the same on every replica and after a restart,
 * since it is the body's hash). Compressed copies are made once per coding and kept with it.
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The opaque tag of the identity body, without quotes: a coding's ETag appends to it. */
  readonly tag: string;
  readonly encoded: Map<string, Promise<Buffer>>;
}

export function answerOf(status: number, headers: Record<string, string>, body: Buffer): Answer {
  const tag = createHash("sha1").update(body).digest("base64url");
  return { status, headers, body, tag, encoded: new Map() };
}

/**
 * Whole answers, keyed on the request's bytes: a repeated request costs a map lookup instead of
 * parsing and executing. An answer is kept from its request's second sighting on. Everything
 * here is public, so there is no session in the key; the store's generation retires every
 * answer at once when an ingest changes the data. Least recently used answers go first when
 * the bounds are reached.
 */
export class ResponseCache {
  private readonly answers = new Map<string, Answer>();
  /**
   * Hashes of requests seen once. An answer is kept the second time its request is seen, as
   * CDNs "cache on second hit": one-off requests (a unique search, a crawler) then cost no
   * memory and no garbage collection of an answer nobody asks for again.
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

  lookUp(key: string): Answer | undefined {
    this.retireIfStale();
    const answer = this.answers.get(key);
    if (!answer) return undefined;
    this.answers.delete(key);
    this.answers.set(key, answer);
    return answer;
  }

  /**
   * Offers an error-free answer made at `generation`: it is kept from its request's second
   * sighting on, unless the data changed while it was made.
   */
  offer(key: string, answer: Answer, generation: number): void {
    this.retireIfStale();
    if (generation !== this.generation || answer.body.length > MAX_ANSWER_BYTES) return;
    if (this.admits(key)) this.add(key, answer);
  }

  /** True the second time a key is offered (or on a rare hash collision: harmless). */
  private admits(key: string): boolean {
    const hash = hashOf(key);
    if (this.seenOnce.delete(hash)) return true;
    if (this.seenOnce.size >= DOORKEEPER_SIZE) this.seenOnce.clear();
    this.seenOnce.add(hash);
    return false;
  }

  private add(key: string, answer: Answer): void {
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
