import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createYoga } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { APQ_MAX_DOCUMENTS, useAutomaticPersistedQueries } from "../src/persisted-queries.js";
import { schema } from "../src/schema/index.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore } from "./helpers.js";

const TOPIC_QUERY = "query Topic($slug: String!) { topic(slug: $slug) { name } }";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const persistedQuery = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** A server without trusted documents on a real port, as Apollo's link or a CDN reaches it. */
async function listen(): Promise<{ server: Server; url: string }> {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  const server = createServer(createApp({ store }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

const accept = { accept: "application/graphql-response+json" };

let server: Server;
let url: string;
beforeAll(async () => {
  ({ server, url } = await listen());
});
afterAll(() => server.close());

const post = (body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { ...accept, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A hash-only GET, the way Apollo's link with useGETForHashedQueries sends it. */
const get = (hash: string, variables: unknown) =>
  fetch(
    `${url}?extensions=${encodeURIComponent(JSON.stringify(persistedQuery(hash)))}&variables=${encodeURIComponent(JSON.stringify(variables))}`,
    { headers: accept },
  );

const codes = async (response: Response) =>
  ((await response.json()).errors ?? []).map(
    (e: { extensions?: { code?: string } }) => e.extensions?.code,
  );

describe("automatic persisted queries on a server without trusted documents", () => {
  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, 404, that no cache may keep", async () => {
    const hash = sha256("{ __typename }");
    for (const response of [
      await post({ extensions: persistedQuery(hash) }),
      await get(hash, {}),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await codes(response)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    }
  });

  it("registers a text sent with its hash, then runs the hash alone, over GET too, cacheably", async () => {
    const hash = sha256(TOPIC_QUERY);
    expect((await get(hash, { slug: "yemen" })).status).toBe(404);
    const registered = await post({
      query: TOPIC_QUERY,
      variables: { slug: "yemen" },
      extensions: persistedQuery(hash),
    });
    expect((await registered.json()).data).toEqual({ topic: { name: "اليمن" } });
    const byHash = await get(hash, { slug: "russia" });
    expect(byHash.status).toBe(200);
    expect(byHash.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect((await byHash.json()).data).toEqual({ topic: { name: "روسيا" } });
    const byPost = await post({ variables: { slug: "mukalla" }, extensions: persistedQuery(hash) });
    expect((await byPost.json()).data).toEqual({ topic: { name: "المكلا" } });
  });

  it("refuses a text whose hash does not match it with PERSISTED_QUERY_MISMATCH, registering nothing", async () => {
    const claimed = sha256("{ articles { totalCount } }");
    const response = await post({ query: "{ __typename }", extensions: persistedQuery(claimed) });
    expect(response.status).toBe(400);
    expect(await codes(response)).toEqual(["PERSISTED_QUERY_MISMATCH"]);
    expect(await codes(await post({ extensions: persistedQuery(claimed) }))).toEqual([
      "PERSISTED_QUERY_NOT_FOUND",
    ]);
  });

  it(`keeps at most ${APQ_MAX_DOCUMENTS} documents by default, the least recently used out first`, async () => {
    expect(APQ_MAX_DOCUMENTS).toBe(1_000);
    // The same plugin with room for three, in a yoga of its own: the bound at a testable size.
    const yoga = createYoga({
      schema,
      plugins: [useAutomaticPersistedQueries({ maxDocuments: 3 })],
    });
    const send = (body: unknown) =>
      yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { ...accept, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const register = (query: string) => send({ query, extensions: persistedQuery(sha256(query)) });
    const runs = async (query: string) =>
      (await codes(await send({ extensions: persistedQuery(sha256(query)) }))).length === 0;
    const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => `query ${name} { __typename }`) as [
      string,
      string,
      string,
      string,
    ];
    for (const query of [a, b, c]) await register(query);
    // `a` is used again, so `b` is now the oldest, and registering `d` pushes it out.
    expect(await runs(a)).toBe(true);
    await register(d);
    expect(await runs(b)).toBe(false);
    expect([await runs(a), await runs(c), await runs(d)]).toEqual([true, true, true]);
  });
});
