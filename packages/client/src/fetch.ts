/**
 * The little of fetch the client uses, declared here so the SDK needs neither DOM nor Node types:
 * a project with `lib: ["es2023"]` and no `types` compiles against it, and the platform's own
 * fetch (browser, Node, workers) fits wherever one is asked for.
 */
import type { ByteReader } from "./event-stream.js";

/**
 * The platform's AbortSignal where the project has one declared (DOM or Node types), so a real
 * signal passes through to a real fetch; otherwise the part of it the client reads.
 */
export type NewsAbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer Signal } }
  ? Signal
  : { readonly aborted: boolean };

/** What the client passes to fetch. */
export interface NewsFetchInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal?: NewsAbortSignal;
}

/** What the client reads of a response: `body` only for a subscription's stream. */
export interface NewsFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  readonly body?: { getReader(): ByteReader } | null;
}

/** A fetch: the global one, or any function that takes a URL and these options. */
export type NewsFetch = (url: string, init: NewsFetchInit) => Promise<NewsFetchResponse>;
