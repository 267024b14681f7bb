import type { IncomingMessage, ServerResponse } from "node:http";
import type { YogaServerInstance } from "graphql-yoga";
import { LIMITS } from "../limits.js";
import type { Store } from "../store/store.js";
import { answerDirectly } from "./direct.js";
import {
  cacheKeyOf,
  isCacheable,
  ResponseCache,
  type CacheServerContext,
  type Reply,
  type RequestFacts,
  replyOf,
} from "./response-cache.js";

/**
 * The GraphQL app as the server runs it: a node:http request listener, and a `fetch` for tests
 * and in-process use. Both answer repeated requests from the response cache.
 */
export interface HttpApp {
  (request: IncomingMessage, response: ServerResponse): void;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly graphqlEndpoint: string;
}

type Yoga<UserContext extends Record<string, any>> = YogaServerInstance<
  CacheServerContext,
  UserContext
>;

/**
 * Serves `yoga` over node:http. A GET or JSON POST is read here, looked up in the response cache
 * (when there is a store to key it on), then answered by the direct lane or, failing that, by
 * yoga; everything else (forms, multipart, unknown or oversized bodies) goes to yoga untouched.
 */
export function serve<UserContext extends Record<string, any>>(
  yoga: Yoga<UserContext>,
  store: Store | undefined,
): HttpApp {
  const cache = store && new ResponseCache(store);

  /**
   * The cached answer to a request, or `produce`'s, kept when it may be reused. Made at the
   * generation read before it starts, so an answer that spans a reload is not kept.
   */
  async function answerCached(
    facts: RequestFacts,
    ifNoneMatch: string | null | undefined,
    produce: (context: CacheServerContext) => Promise<Reply>,
  ): Promise<Reply> {
    const key = cacheKeyOf(facts);
    const hit = cache?.lookUp(key, ifNoneMatch);
    if (hit) return hit;
    const generation = cache?.currentGeneration ?? 0;
    const context: CacheServerContext = { answer: { errorFree: false } };
    const reply = await produce(context);
    if (!cache || reply.status !== 200 || !context.answer?.errorFree) return reply;
    return cache.offer(key, { method: facts.method, ifNoneMatch }, reply, generation);
  }

  const viaYoga = async (request: Request, context: CacheServerContext): Promise<Reply> =>
    replyOf(await yoga.handleRequest(request, context));

  async function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const incoming = new yoga.fetchAPI.Request(input, init);
    const contentType = incoming.headers.get("content-type") ?? "";
    if (!cache || !isCacheable(incoming.method, contentType)) {
      return yoga.handleRequest(incoming, {});
    }
    const body = incoming.method === "POST" ? await incoming.text() : "";
    const url = new URL(incoming.url);
    const facts = {
      method: incoming.method,
      target: url.pathname + url.search,
      accept: incoming.headers.get("accept") ?? "",
      contentType,
      origin: incoming.headers.get("origin") ?? "",
      body,
    };
    const reply = await answerCached(facts, incoming.headers.get("if-none-match"), (context) => {
      const again = new yoga.fetchAPI.Request(incoming.url, {
        method: incoming.method,
        headers: incoming.headers,
        ...(body ? { body } : {}),
      });
      return viaYoga(again, context);
    });
    return new yoga.fetchAPI.Response(reply.status === 304 ? null : reply.body, reply);
  }

  function listener(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? "GET";
    const contentType = request.headers["content-type"] ?? "";
    const length = Number(request.headers["content-length"] ?? (method === "GET" ? 0 : NaN));
    // Unknown or oversized bodies go to yoga, which streams them and answers 413 past the limit.
    if (!isCacheable(method, contentType) || !(length <= LIMITS.bodyBytes)) {
      void yoga(request, response);
      return;
    }
    readBody(request, length)
      .then((body) => respond(request, method, contentType, body))
      .then(
        (reply) => send(response, reply),
        // A broken connection, or a fault yoga did not turn into an answer: never a crash.
        () => {
          if (!response.headersSent) response.writeHead(500);
          response.destroy();
        },
      );
  }

  async function respond(
    request: IncomingMessage,
    method: string,
    contentType: string,
    body: string,
  ): Promise<Reply> {
    const { headers } = request;
    const url = request.url ?? "/";
    const facts = {
      method,
      target: url,
      accept: headers.accept ?? "",
      contentType,
      origin: headers.origin ?? "",
      body,
    };
    return answerCached(facts, headers["if-none-match"], async (context) => {
      const direct =
        method === "POST" ? await answerDirectly(yoga, { url, headers, body }, context) : undefined;
      return direct ?? viaYoga(fetchRequestOf(request, method, body), context);
    });
  }

  function fetchRequestOf(request: IncomingMessage, method: string, body: string): Request {
    const headers = new yoga.fetchAPI.Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      headers.append(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
    }
    return new yoga.fetchAPI.Request(
      `http://${request.headers.host ?? "localhost"}${request.url}`,
      {
        method,
        headers,
        ...(method === "GET" ? {} : { body }),
      },
    );
  }

  return Object.assign(listener, { fetch, graphqlEndpoint: yoga.graphqlEndpoint });
}

/** Reads a body whose length the listener has checked against the limit. */
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
