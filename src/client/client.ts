import type {
  DocumentTypeDecoration,
  ResultOf,
  VariablesOf,
} from "@graphql-typed-document-node/core";
import { NewsClientError, type NewsGraphQLError } from "./errors.js";

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

/**
 * The variables argument of `request`: required when the operation has a required variable,
 * optional when it has none; a fragment (whose variables are `unknown`) cannot be sent.
 */
export type VariablesArgument<TVariables> = unknown extends TVariables
  ? [variables: never]
  : {} extends TVariables
    ? [variables?: TVariables]
    : [variables: TVariables];

export interface NewsClientOptions {
  /** The GraphQL endpoint, e.g. "https://news.example/graphql". */
  url: string | URL;
  /** Sent with every request; a function is called per request (a fresh token, say). */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** The fetch to use; the global one by default (browsers, Node 18+, workers). */
  fetch?: typeof globalThis.fetch;
  /**
   * Send each document's hash instead of its text, for a server in trusted-documents mode.
   * Every document must come from the SDK's (or your own) codegen with `persistedDocuments`.
   */
  persisted?: boolean;
}

export interface NewsClient {
  /** Runs one operation and resolves with its data, or rejects with a NewsClientError. */
  request<TDocument extends NewsDocument<any, any>>(
    document: TDocument,
    ...[variables]: VariablesArgument<VariablesOf<TDocument>>
  ): Promise<ResultOf<TDocument>>;
}

interface GraphQLResponseBody {
  data?: unknown;
  errors?: NewsGraphQLError[];
}

/** The document's persisted id as Apollo's persisted-query extension wants it: hex, no prefix. */
function persistedHash(document: NewsDocument): string {
  const hash = document.__meta__?.["hash"];
  if (typeof hash !== "string") {
    throw new Error(
      "This document has no persisted hash: generate it with codegen's persistedDocuments option.",
    );
  }
  return hash.replace(/^sha256:/, "");
}

async function readBody(response: Response): Promise<GraphQLResponseBody | undefined> {
  if (!/json/.test(response.headers.get("content-type") ?? "")) return undefined;
  try {
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null ? (body as GraphQLResponseBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A typed client for the News API over fetch, with no runtime dependency: the same code runs in
 * browsers, Node 20 and server-side rendering (make one client per request there, with that
 * request's headers).
 */
export function createNewsClient(options: NewsClientOptions): NewsClient {
  const url = String(options.url);
  return {
    async request(document, ...[variables]) {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      const extraHeaders =
        typeof options.headers === "function" ? await options.headers() : options.headers;
      const headers = new Headers(extraHeaders);
      headers.set("content-type", "application/json");
      headers.set("accept", "application/graphql-response+json, application/json");
      const body = options.persisted
        ? {
            variables,
            extensions: { persistedQuery: { version: 1, sha256Hash: persistedHash(document) } },
          }
        : { query: document.toString(), variables };

      let response: Response;
      try {
        response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body) });
      } catch (cause) {
        throw new NewsClientError({ message: `Could not reach ${url}`, status: 0, cause });
      }
      const result = await readBody(response);
      const errors = Array.isArray(result?.errors) ? result.errors : [];
      if (errors.length > 0) {
        const message =
          errors.length === 1
            ? errors[0]!.message
            : `${errors.length} errors: ${errors.map((e) => e.message).join("; ")}`;
        throw new NewsClientError({ message, status: response.status, errors, data: result?.data });
      }
      if (!response.ok || result?.data == null) {
        throw new NewsClientError({
          message: `${url} answered HTTP ${response.status} without GraphQL data`,
          status: response.status,
        });
      }
      return result.data as ResultOf<typeof document>;
    },
  };
}
