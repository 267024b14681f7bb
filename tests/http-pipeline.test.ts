import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, createYogaServer, type AppOptions } from "../src/app.js";
import { LIMITS } from "../src/limits.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import type { Store } from "../src/store/store.js";
import { copyOfEmbeddedStore } from "./helpers.js";

/**
 * Every way into the server, against the production server over real HTTP, compared with plain
 * yoga (`yoga.fetch`, no HTTP caching layer) given the same request: a property that holds on
 * one lane only is not a property.
 */

const ALLOWED_ORIGIN = "https://news.example";
const CSRF = { "x-graphql-yoga-csrf": "1" };

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

/** A request as sent: method, path and query string, headers, body. */
interface Sent {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string;
}

interface Lane {
  name: string;
  send(operation: Operation): Sent;
  /** A body that does not parse, as this lane would carry it (GET carries it in `variables`). */
  sendBroken(): Sent;
  /** Whether an answer on this lane is a stream of parts rather than one JSON object. */
  streams?: boolean;
}

const jsonPost = (name: string, headers: Record<string, string>, streams = false): Lane => ({
  name,
  streams,
  send: (operation) => ({
    method: "POST",
    target: "/graphql",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(operation),
  }),
  sendBroken: () => ({
    method: "POST",
    target: "/graphql",
    headers: { "content-type": "application/json", ...headers },
    body: '{"query": "{ __typename }"',
  }),
});

const searchOf = ({ query, variables }: Operation) =>
  new URLSearchParams({ query, ...(variables && { variables: JSON.stringify(variables) }) });

const getLane = (name: string, headers: Record<string, string>, streams = false): Lane => ({
  name,
  streams,
  send: (operation) => ({ method: "GET", target: `/graphql?${searchOf(operation)}`, headers }),
  sendBroken: () => ({
    method: "GET",
    target: `/graphql?query=${encodeURIComponent("{ __typename }")}&variables=%7Bnope`,
    headers,
  }),
});

const LANES: Lane[] = [
  jsonPost("a plain JSON POST (curl, server-side fetch)", {}),
  jsonPost("a JSON POST accepting application/json", { accept: "application/json" }),
  jsonPost("a JSON POST accepting graphql-response+json", {
    accept: "application/graphql-response+json",
  }),
  jsonPost("a JSON POST accepting multipart/mixed", { accept: "multipart/mixed" }, true),
  jsonPost("a JSON POST accepting an event stream", { accept: "text/event-stream" }, true),
  jsonPost("a JSON POST from an allowed Origin", { origin: ALLOWED_ORIGIN }),
  jsonPost("a JSON POST from a foreign Origin", { origin: "https://evil.example" }),
  getLane("a GET", {}),
  getLane("a GET accepting an event stream", { accept: "text/event-stream" }, true),
  getLane("a GET from an allowed Origin", { origin: ALLOWED_ORIGIN }),
  {
    name: "a form POST with the CSRF header",
    send: (operation) => ({
      method: "POST",
      target: "/graphql",
      headers: { "content-type": "application/x-www-form-urlencoded", ...CSRF },
      body: searchOf(operation).toString(),
    }),
    sendBroken: () => ({
      method: "POST",
      target: "/graphql",
      headers: { "content-type": "application/x-www-form-urlencoded", ...CSRF },
      body: "query=%7B__typename%7D&variables=%7Bnope",
    }),
  },
];

/** What every lane must answer to each case, checked on the parsed answer. */
interface Case {
  name: string;
  operation: Operation;
  /** The error codes every lane answers with ([] for data without errors). */
  codes: (string | undefined)[];
}

const fields = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ");
const CASES: Case[] = [
  {
    name: "the home feed",
    operation: { query: "{ articles(first: 2) { edges { node { headline } } } }" },
    codes: [],
  },
  {
    name: "introspection in production",
    operation: { query: "{ __schema { types { name } } }" },
    codes: ["GRAPHQL_VALIDATION_FAILED"],
  },
  {
    name: "a typo, without a suggestion in production",
    operation: { query: "{ articlez { totalCount } }" },
    codes: ["GRAPHQL_VALIDATION_FAILED"],
  },
  {
    name: "a mutation",
    operation: { query: "mutation { articles { totalCount } }" },
    codes: ["OPERATION_NOT_SUPPORTED"],
  },
  {
    name: "one alias over the limit",
    operation: { query: `{ ${fields(LIMITS.aliases + 1)} }` },
    codes: ["TOO_MANY_ALIASES"],
  },
  {
    name: "a cost just over the limit",
    operation: {
      query: `query($n: Int) { articles(first: 100) { edges { node { related(first: $n) { edges { node { id } } } } } } }`,
      // 1 + 100 × (1 + 1 + n) objects: n = 48 is 5,001.
      variables: { n: 48 },
    },
    codes: ["QUERY_TOO_COSTLY"],
  },
  {
    name: "a variable of the wrong type",
    operation: {
      query: "query($first: Int) { articles(first: $first) { totalCount } }",
      variables: { first: "many" },
    },
    codes: [undefined],
  },
  {
    name: "a resolver fault, masked",
    operation: { query: '{ search(query: "بوتين") { totalCount } }' },
    codes: ["INTERNAL_SERVER_ERROR"],
  },
  {
    name: "a bad cursor",
    operation: { query: '{ articles(after: "nope") { totalCount } }' },
    codes: ["BAD_USER_INPUT"],
  },
];

/** A store whose search fails, for the masked-error case: nothing of its message may show. */
const withFailingSearch = (store: Store): Store =>
  new Proxy(store, {
    get: (target, property, receiver) =>
      property === "search"
        ? () => Promise.reject(new Error("index on fire at /srv/search"))
        : Reflect.get(target, property, receiver),
  });

/**
 * Headers a transport or the HTTP layer adds on purpose, and the request id, new on every
 * request; everything else must be yoga's own.
 */
const LAYER_HEADERS = new Set([
  "x-request-id",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "etag",
  "cache-control",
  "vary",
  "surrogate-key",
]);

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function seen(response: Response): Promise<Seen> {
  // whatwg-node's Headers keep the case they were set in; HTTP/1.1 and fetch lower it.
  const headers = Object.fromEntries(
    [...response.headers]
      .map(([name, value]) => [name.toLowerCase(), value] as const)
      .filter(([name]) => !LAYER_HEADERS.has(name)),
  );
  return { status: response.status, headers, body: await response.text() };
}

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

/** The production app listening on a port, and plain yoga over its own copy of the same data. */
async function productionPair(options: Omit<AppOptions, "store"> = {}) {
  const settings: Omit<AppOptions, "store"> = {
    mode: "production",
    corsOrigins: [ALLOWED_ORIGIN],
    ...options,
  };
  const store = withFailingSearch(await LowdbStore.open(await copyOfEmbeddedStore()));
  const app = createApp({ store, ...settings });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const plain = createYogaServer({
    store: withFailingSearch(await LowdbStore.open(await copyOfEmbeddedStore())),
    ...settings,
  });
  const overHttp = ({ method, target, headers, body }: Sent) =>
    fetch(`http://127.0.0.1:${port}${target}`, { method, headers, ...(body && { body }) });
  const throughPlainYoga = ({ method, target, headers, body }: Sent) =>
    plain.fetch(`http://127.0.0.1:${port}${target}`, { method, headers, ...(body && { body }) });
  return { overHttp, throughPlainYoga, port };
}

/** The GraphQL results in an answer: one JSON object, or each part of a stream. */
function resultsOf(lane: Lane, body: string): { data?: unknown; errors?: any[] }[] {
  if (!lane.streams) return [JSON.parse(body)];
  return [...body.matchAll(/^(?:data: )?(\{.*\})$/gm)].map((match) => JSON.parse(match[1]!));
}

/** The distinct error codes in an answer's results, in order. */
const codesOf = (results: { errors?: any[] }[]) => [
  ...new Set(
    results.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code)),
  ),
];

describe("every lane into the production server answers every case as plain yoga does", () => {
  let pair: Awaited<ReturnType<typeof productionPair>>;
  beforeAll(async () => {
    pair = await productionPair();
  });

  for (const lane of LANES) {
    describe(lane.name, () => {
      for (const { name, operation, codes } of CASES) {
        it(name, async () => {
          const sent = lane.send(operation);
          const overHttp = await seen(await pair.overHttp(sent));
          expect(overHttp).toEqual(await seen(await pair.throughPlainYoga(sent)));
          const results = resultsOf(lane, overHttp.body);
          expect(results.length).toBeGreaterThan(0);
          expect(codesOf(results)).toEqual(codes);
          const data = JSON.stringify(results.map((result) => result.data ?? null));
          expect(data).not.toContain("__schema");
          if (codes.length) expect(overHttp.body).not.toMatch(/on fire|\/srv\/|stack/);
          else expect(data).toContain("ترامب");
        });
      }

      it("a body or variables that do not parse, without the parser's own words", async () => {
        const sent = lane.sendBroken();
        const overHttp = await seen(await pair.overHttp(sent));
        expect(overHttp).toEqual(await seen(await pair.throughPlainYoga(sent)));
        expect(overHttp.status).toBe(400);
        expect(overHttp.body).toContain("BAD_REQUEST");
        expect(overHttp.body).not.toMatch(/position|SyntaxError|originalError/);
      });
    });
  }

  it("the same request twice more, once the cache may keep it, still as plain yoga answers", async () => {
    for (const lane of LANES) {
      const sent = lane.send(CASES[0]!.operation);
      for (let time = 0; time < 2; time++) {
        expect(await seen(await pair.overHttp(sent))).toEqual(
          await seen(await pair.throughPlainYoga(sent)),
        );
      }
    }
  });

  it("a form POST without the CSRF header: refused before it runs, on the layer as on yoga", async () => {
    const sent = {
      method: "POST",
      target: "/graphql",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=%7B__typename%7D",
    };
    const overHttp = await seen(await pair.overHttp(sent));
    expect(overHttp).toEqual(await seen(await pair.throughPlainYoga(sent)));
    expect(overHttp.status).toBe(403);
    expect(overHttp.body).toContain("CSRF_HEADER_REQUIRED");
  });

  it("a body over the limit: 413 on the layer as on yoga", async () => {
    const sent = jsonPost("", {}).send({
      query: "{ __typename }",
      variables: { padding: "x".repeat(LIMITS.bodyBytes) },
    });
    const overHttp = await seen(await pair.overHttp(sent));
    expect(overHttp).toEqual(await seen(await pair.throughPlainYoga(sent)));
    expect(overHttp.status).toBe(413);
  });
});

describe("persisted documents on every lane", () => {
  it("runs a manifest hash and refuses text or an unknown hash, over GET and POST alike", async () => {
    const query = "{ articles(first: 1) { totalCount } }";
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(query).digest("hex");
    const pair = await productionPair({ trustedDocuments: { [`sha256:${hash}`]: query } });
    const extensions = (sha256Hash: string) =>
      JSON.stringify({ persistedQuery: { version: 1, sha256Hash } });
    const requests: [Sent, string | undefined][] = [];
    for (const [sha, code] of [
      [hash, undefined],
      ["0".repeat(64), "PERSISTED_QUERY_NOT_FOUND"],
    ] as const) {
      requests.push([
        {
          method: "POST",
          target: "/graphql",
          headers: { "content-type": "application/json" },
          body: `{"extensions":${extensions(sha)}}`,
        },
        code,
      ]);
      requests.push([
        {
          method: "GET",
          target: `/graphql?extensions=${encodeURIComponent(extensions(sha))}`,
          headers: {},
        },
        code,
      ]);
    }
    for (const lane of LANES.filter((lane) => !lane.streams)) {
      requests.push([lane.send({ query }), "PERSISTED_QUERY_ONLY"]);
    }
    for (const [sent, code] of requests) {
      const overHttp = await seen(await pair.overHttp(sent));
      expect(overHttp).toEqual(await seen(await pair.throughPlainYoga(sent)));
      const answer = JSON.parse(overHttp.body);
      if (code) expect(answer.errors[0].extensions.code).toBe(code);
      else expect(answer.data.articles.totalCount).toBe(5);
    }
  });
});

describe("HTTP framing", () => {
  it("never sends Content-Length beside chunked encoding, whatever the Accept", async () => {
    const { port } = await productionPair();
    const body = JSON.stringify({ query: "{ articles(first: 1) { totalCount } }" });
    for (const accept of [
      "application/json",
      "application/graphql-response+json",
      "multipart/mixed",
      "text/event-stream",
    ]) {
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const request = httpRequest(
          { port, host: "127.0.0.1", path: "/graphql", method: "POST" },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.headers));
          },
        );
        request.on("error", reject);
        request.setHeader("content-type", "application/json");
        request.setHeader("accept", accept);
        request.end(body);
      });
      const chunked = headers["transfer-encoding"] === "chunked";
      expect(chunked && "content-length" in headers, accept).toBe(false);
    }
  });
});
