import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore, countCalls } from "./helpers.js";

const PUTIN = `{ person(slug: "vladimir-putin") { name articles { totalCount } } }`;

async function cachedApp() {
  const lowdb = await LowdbStore.open(await copyOfEmbeddedStore());
  const { store, calls } = countCalls(lowdb);
  return { app: createApp({ store }), calls, lowdb };
}

const get = (
  app: ReturnType<typeof createApp>,
  query: string,
  headers: Record<string, string> = {},
) => app.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, { headers });

describe("the response cache", () => {
  it("answers a repeated query without reading the store again, from its third time on", async () => {
    const { app, calls } = await cachedApp();
    const first = await (await get(app, PUTIN)).json();
    const readsForFirst = calls.size;
    // The cache keeps an answer from the second time its request is seen.
    await get(app, PUTIN);
    calls.clear();
    const second = await (await get(app, PUTIN)).json();
    expect(readsForFirst).toBeGreaterThan(0);
    expect(calls.size).toBe(0);
    expect(second).toEqual(first);
  });

  it("gives GET answers Cache-Control for CDNs, an ETag once kept, and a 304 for a matching If-None-Match", async () => {
    const { app } = await cachedApp();
    const first = await get(app, PUTIN);
    expect(first.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    const response = await get(app, PUTIN);
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    const again = await get(app, PUTIN, { "if-none-match": etag! });
    expect(again.status).toBe(304);
  });

  it("retires every cached answer when the store changes", async () => {
    const { app, lowdb } = await cachedApp();
    expect((await (await get(app, PUTIN)).json()).data.person.articles.totalCount).toBe(2);
    const data = await lowdb.snapshot();
    data.articles = data.articles.filter((a) => !a.headline.startsWith("بصاروخ"));
    await lowdb.replace(data);
    expect((await (await get(app, PUTIN)).json()).data.person.articles.totalCount).toBe(1);
  });

  it("never caches an answer with errors", async () => {
    const { app, calls } = await cachedApp();
    const partlyBad = `{ articles { totalCount } tooMany: articles(first: 101) { totalCount } }`;
    // Twice: an answer without errors would be kept from the second time on.
    await get(app, partlyBad);
    await get(app, partlyBad);
    calls.clear();
    const again = await (await get(app, partlyBad)).json();
    expect(calls.get("articlePages")).toBe(1);
    expect(again.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
