import { NewsClientError, type NewsGraphQLError } from "./errors.js";
import { serverSentEvents } from "./event-stream.js";
import type { NewsAbortSignal, NewsFetch, NewsFetchInit, NewsFetchResponse } from "./fetch.js";
import type { DocumentTypeDecoration, ResultOf, VariablesOf } from "./typed-document.js";

/**
 * A document the client can send: codegen's TypedDocumentString (`documentMode: "string"`),
 * whose `__meta__.hash` is its persisted id when codegen ran with `persistedDocuments`.
 */
export interface NewsDocument<
  TResult = unknown,
  TVariables = unknown,
> extends DocumentTypeDecoration<TResult, TVariables> {
  toString(): string;
  __meta__?: Record<string, unknown> | undefined;
}

/** What one request may add to the client's settings. */
export interface NewsRequestOptions {
  /** Sent with this request only, over the client's headers. */
  headers?: Readonly<Record<string, string>>;
  /** Aborts the request; the promise then rejects with the signal's reason, as fetch does. */
  signal?: NewsAbortSignal;
}

/**
 * The arguments of `request` after the document: the variables, required when the operation has
 * a required variable and optional when it has none, then the request's options. A fragment
 * (whose variables are `unknown`) cannot be sent.
 */
export type VariablesArgument<
  TVariables,
  TOptions = NewsRequestOptions,
> = unknown extends TVariables
  ? [variables: never, options?: TOptions]
  : {} extends TVariables
    ? [variables?: TVariables | undefined, options?: TOptions]
    : [variables: TVariables, options?: TOptions];

/** What one subscription may add to the client's settings. */
export interface NewsSubscribeOptions extends NewsRequestOptions {
  /**
   * Resume after this event (an earlier event's `id`): the server first sends what the stream
   * missed, from its change log.
   */
  lastEventId?: string | undefined;
}

/** One event of a subscription: its data, and the id to resume after. */
export interface NewsEvent<TResult> {
  data: TResult;
  /** Pass it as `lastEventId` to a new `subscribe` to go on from here after a disconnect. */
  id: string | undefined;
}

/**
 * How documents travel:
 * - `"trusted"`: the hash alone, never the text, for a server that runs only its manifest's
 *   documents (trusted documents). Over GET, so CDNs can cache the answers.
 * - `"apq"`: automatic persisted queries. The hash alone over GET first; when the server does not
 *   know it yet (PERSISTED_QUERY_NOT_FOUND), once more over POST with the text, which registers it.
 * - unset: the text over POST, for any server.
 */
export type PersistedMode = "trusted" | "apq";

export interface NewsClientOptions {
  /** The GraphQL endpoint, e.g. "https://news.example/graphql". */
  url: string | { readonly href: string };
  /** Sent with every request; a function is called per request (a fresh token, say). */
  headers?:
    | Readonly<Record<string, string>>
    | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>);
  /** The fetch to use; the global one by default (browsers, Node 18+, workers). */
  fetch?: NewsFetch;
  /**
   * Send each document's hash instead of (or before) its text; see `PersistedMode`. Every
   * document must come from codegen with `persistedDocuments` (the SDK's own all do).
   */
  persisted?: PersistedMode;
}

export interface NewsClient {
  /** Runs one operation and resolves with its data, or rejects with a NewsClientError. */
  request<TDocument extends NewsDocument<any, any>>(
    document: TDocument,
    ...[variables, options]: VariablesArgument<VariablesOf<TDocument>>
  ): Promise<ResultOf<TDocument>>;
  /**
   * Opens a subscription: an async iterator of its events (server-sent events over fetch, in Node
   * and browsers alike). Breaking out of the loop, or the signal, closes the stream. It throws a
   * NewsClientError when the server refuses the stream (TOO_MANY_STREAMS, CHANGES_EXPIRED, …)
   * or ends it with an error (STREAM_TOO_SLOW: resume with the last event's id).
   */
  subscribe<TDocument extends NewsDocument<any, any>>(
    document: TDocument,
    ...[variables, options]: VariablesArgument<VariablesOf<TDocument>, NewsSubscribeOptions>
  ): AsyncGenerator<NewsEvent<ResultOf<TDocument>>, void, undefined>;
}

interface GraphQLResponseBody {
  data?: unknown;
  errors?: NewsGraphQLError[];
}

/** The document's manifest id as Apollo's persisted-query extension wants it: hex, no prefix. */
function manifestHash(document: NewsDocument): string {
  const hash = document.__meta__?.["hash"];
  if (typeof hash !== "string") {
    throw new Error(
      "This document has no persisted hash: generate it with codegen's persistedDocuments option.",
    );
  }
  return hash.replace(/^sha256:/, "");
}

/** The platform's Web Crypto (browsers, Node 20, workers), declared as little as the client uses. */
interface WebCrypto {
  subtle: { digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer> };
}
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/** The hex SHA-256 of a text's UTF-8 bytes. */
async function sha256Hex(text: string): Promise<string> {
  const { crypto } = globalThis as unknown as { crypto: WebCrypto };
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * True unless the document's operation is a mutation or subscription, read from the keywords
 * outside its selection sets: GET is only for queries (a server never runs a mutation over GET).
 */
function isQuery(text: string): boolean {
  let depth = 0;
  let topLevel = "";
  for (const char of text) {
    if (char === "{") depth++;
    else if (char === "}") depth--;
    else if (depth === 0) topLevel += char;
  }
  return !/\b(mutation|subscription)\b/.test(topLevel);
}

async function readBody(response: NewsFetchResponse): Promise<GraphQLResponseBody | undefined> {
  if (!/json/.test(response.headers.get("content-type") ?? "")) return undefined;
  try {
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null ? (body as GraphQLResponseBody) : undefined;
  } catch {
    return undefined;
  }
}

const isPersistedQueryMiss = (body: GraphQLResponseBody | undefined) =>
  body?.errors?.some((error) => error.extensions?.code === "PERSISTED_QUERY_NOT_FOUND") ?? false;

/**
 * A typed client for the News API over fetch, with no runtime dependency: the same code runs in
 * browsers, Node 20 and server-side rendering (make one client per request there, with that
 * request's headers). It retries nothing but the one registration of an APQ miss.
 */
export function createNewsClient(options: NewsClientOptions): NewsClient {
  const url = typeof options.url === "string" ? options.url : options.url.href;
  /** The client's headers, then the request's, then what this client must send. */
  const headersFor = async (
    requestOptions: NewsRequestOptions | undefined,
    own: Record<string, string>,
  ): Promise<Record<string, string>> => ({
    ...(typeof options.headers === "function" ? await options.headers() : options.headers),
    ...requestOptions?.headers,
    ...own,
  });
  return {
    async request(document, ...[variables, requestOptions]) {
      const doFetch = options.fetch ?? defaultFetch();
      const headers = await headersFor(requestOptions, {
        accept: "application/graphql-response+json, application/json",
      });
      const signal = requestOptions?.signal;
      const text = document.toString();
      const extensions = options.persisted && {
        persistedQuery: {
          version: 1,
          // APQ hashes the text it would send, so any document works, whatever made it.
          sha256Hash: options.persisted === "apq" ? await sha256Hex(text) : manifestHash(document),
        },
      };

      /** One HTTP exchange: its response and its body, read when it is JSON. */
      const send = async (init: NewsFetchInit, target = url) => {
        try {
          const response = await doFetch(target, signal ? { ...init, signal } : init);
          return { response, body: await readBody(response) };
        } catch (cause) {
          if (signal?.aborted) throw cause;
          throw new NewsClientError({ message: `Could not reach ${url}`, status: 0, cause });
        }
      };
      const post = (body: object) =>
        send({
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify(body),
        });

      let exchange;
      if (!extensions) {
        exchange = await post({ query: text, variables });
      } else {
        exchange = isQuery(text)
          ? await send({ method: "GET", headers }, getUrl(url, variables, extensions))
          : await post({ variables, extensions });
        if (options.persisted === "apq" && isPersistedQueryMiss(exchange.body)) {
          exchange = await post({ query: text, variables, extensions });
        }
      }
      return dataOf(url, exchange.response, exchange.body) as ResultOf<typeof document>;
    },

    async *subscribe(document, ...[variables, subscribeOptions]) {
      const doFetch = options.fetch ?? defaultFetch();
      const lastEventId = subscribeOptions?.lastEventId;
      const headers = await headersFor(subscribeOptions, {
        accept: "text/event-stream",
        "content-type": "application/json",
        ...(lastEventId !== undefined && { "last-event-id": lastEventId }),
      });
      // Trusted documents: the hash alone. Otherwise the text: a stream is never cached, so
      // APQ's short GET would save nothing.
      const body =
        options.persisted === "trusted"
          ? {
              variables,
              extensions: { persistedQuery: { version: 1, sha256Hash: manifestHash(document) } },
            }
          : { query: document.toString(), variables };
      const signal = subscribeOptions?.signal;
      const init: NewsFetchInit = { method: "POST", headers, body: JSON.stringify(body) };
      let response: NewsFetchResponse;
      try {
        response = await doFetch(url, signal ? { ...init, signal } : init);
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw new NewsClientError({ message: `Could not reach ${url}`, status: 0, cause });
      }
      if (
        !/text\/event-stream/.test(response.headers.get("content-type") ?? "") ||
        !response.body
      ) {
        dataOf(url, response, await readBody(response));
        throw new NewsClientError({
          message: `${url} did not answer with a stream`,
          status: response.status,
        });
      }
      for await (const event of serverSentEvents(response.body.getReader())) {
        if (event.event === "complete") return;
        if (event.event !== "next") continue;
        const result = JSON.parse(event.data) as GraphQLResponseBody;
        yield { data: dataOf(url, response, result) as ResultOf<typeof document>, id: event.id };
      }
    },
  };
}

/** The global fetch, looked up per request so a test or polyfill installed later is used. */
function defaultFetch(): NewsFetch {
  const { fetch } = globalThis as { fetch?: NewsFetch };
  if (!fetch) throw new Error("No global fetch: pass one as createNewsClient({ fetch }).");
  return fetch.bind(globalThis);
}

/** A persisted query as GET parameters, the way Apollo's link and yoga spell them. */
function getUrl(url: string, variables: unknown, extensions: object): string {
  const params = [`extensions=${encodeURIComponent(JSON.stringify(extensions))}`];
  if (variables !== undefined) {
    params.push(`variables=${encodeURIComponent(JSON.stringify(variables))}`);
  }
  return `${url}${url.includes("?") ? "&" : "?"}${params.join("&")}`;
}

/** The data of a response, or a NewsClientError saying why there is none. */
function dataOf(
  url: string,
  response: NewsFetchResponse,
  body: GraphQLResponseBody | undefined,
): unknown {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length > 0) {
    const message =
      errors.length === 1
        ? errors[0]!.message
        : `${errors.length} errors: ${errors.map((e) => e.message).join("; ")}`;
    throw new NewsClientError({ message, status: response.status, errors, data: body?.data });
  }
  if (!response.ok || body?.data == null) {
    throw new NewsClientError({
      message: `${url} answered HTTP ${response.status} without GraphQL data`,
      status: response.status,
    });
  }
  return body.data;
}
