import { brotliDecompressSync, gunzipSync } from "node:zlib";
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
    expect(etag).toMatch(/^"[\w-]{27}"$/);
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
    // Three times: an answer without errors would be kept from the second time on, and
    // graphql-jit compiles the document on its third run.
    for (let run = 0; run < 3; run++) await get(app, partlyBad);
    calls.clear();
    const again = await (await get(app, partlyBad)).json();
    expect(calls.get("articlePages")).toBe(1);
    expect(again.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("HTTP caching by RFC 9110", () => {
  const HOME = `{ articles(first: 3) { edges { node { headline summary } } } }`;

  it("gives the first GET answer a quoted ETag, and a 304 for it exact, weak, in a list or as *", async () => {
    const { app } = await cachedApp();
    const first = await get(app, HOME);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, `W/"x",W/${etag}`, "*"]) {
      const again = await get(app, HOME, { "if-none-match": ifNoneMatch });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toMatch(/^public, max-age=60/);
      expect(again.headers.get("vary")).toBe("Accept, Accept-Encoding");
      expect(await again.text()).toBe("");
    }
    for (const ifNoneMatch of ['"other"', etag.slice(0, -2) + '"', "W/", "garbage"]) {
      expect((await get(app, HOME, { "if-none-match": ifNoneMatch })).status).toBe(200);
    }
  });

  it("varies on Accept and Accept-Encoding, and on Origin where some origins are allowed", async () => {
    const { app } = await cachedApp();
    expect((await get(app, HOME)).headers.get("vary")).toBe("Accept, Accept-Encoding");
    const store = await LowdbStore.open(await copyOfEmbeddedStore());
    const withCors = createApp({ store, corsOrigins: ["https://news.example"] });
    const answer = await get(withCors, HOME, { origin: "https://news.example" });
    expect(answer.headers.get("vary")).toBe("Accept, Accept-Encoding, Origin");
    expect(answer.headers.get("access-control-allow-origin")).toBe("https://news.example");
  });

  it("compresses an answer over 1 kB with br or gzip as the client prefers, with an ETag per coding", async () => {
    const { app } = await cachedApp();
    const plain = await get(app, HOME);
    const text = await plain.text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024);
    const codings = [
      ["br", "br", brotliDecompressSync],
      ["gzip, deflate", "gzip", gunzipSync],
      ["gzip;q=0.5, br;q=0.9", "br", brotliDecompressSync],
      ["br;q=0, *", "gzip", gunzipSync],
    ] as const;
    for (const [acceptEncoding, coding, decompress] of codings) {
      const answer = await get(app, HOME, { "accept-encoding": acceptEncoding });
      expect(answer.headers.get("content-encoding"), acceptEncoding).toBe(coding);
      expect(answer.headers.get("etag")).toBe(
        plain.headers.get("etag")!.replace(/"$/, `-${coding}"`),
      );
      const bytes = Buffer.from(await answer.arrayBuffer());
      expect(bytes.length).toBeLessThan(Buffer.byteLength(text) / 2);
      expect(Number(answer.headers.get("content-length"))).toBe(bytes.length);
      expect(decompress(bytes).toString()).toBe(text);
    }
    const identity = await get(app, HOME, { "accept-encoding": "identity, br;q=0, gzip;q=0" });
    expect(identity.headers.get("content-encoding")).toBeNull();
    const small = await get(app, "{ articles { totalCount } }", { "accept-encoding": "br" });
    expect(small.headers.get("content-encoding")).toBeNull();
  });

  it("streams an event-stream answer untouched: no-store, not compressed", async () => {
    const { app } = await cachedApp();
    for (let time = 0; time < 3; time++) {
      const answer = await get(app, HOME, {
        accept: "text/event-stream",
        "accept-encoding": "br, gzip",
      });
      expect(answer.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      // yoga marks its streams "Content-Encoding: none", so proxies leave them alone too.
      expect(answer.headers.get("content-encoding")).not.toMatch(/br|gzip/);
      expect(answer.headers.get("etag")).toBeNull();
      expect(await answer.text()).toContain("event: next");
    }
  });

  it("serves GraphiQL's page compressed, with a validator the browser can revalidate", async () => {
    const { app } = await cachedApp();
    const headers = { accept: "text/html", "accept-encoding": "br" };
    const page = await app.fetch("http://localhost/graphql", { headers });
    expect(page.headers.get("content-encoding")).toBe("br");
    const compressed = Buffer.from(await page.arrayBuffer());
    const html = brotliDecompressSync(compressed).toString();
    expect(html).toContain("ArticlePage");
    expect(compressed.length).toBeLessThan(html.length / 3);
    const etag = page.headers.get("etag")!;
    const again = await app.fetch("http://localhost/graphql", {
      headers: { ...headers, "if-none-match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("never sends a validator or Cache-Control with an answer that has errors", async () => {
    const { app } = await cachedApp();
    const bad = await get(app, `{ articles(first: 101) { totalCount } }`);
    expect((await bad.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(bad.headers.get("etag")).toBeNull();
    expect(bad.headers.get("cache-control")).toBeNull();
  });
});
