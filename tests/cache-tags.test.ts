import { encodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { createApp, type AppOptions } from "../src/app.js";
import { CacheTags, LIST_TAGS, MAX_TAG_HEADER_BYTES, tagsToPurge } from "../src/cache-tags.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore } from "./helpers.js";

const ORESHNIK = "2e7217af56e7";
const MAIN = "a29e0247611c";
const MACHADO = "a7fd8e3b39e4";
const article = (id: string) => encodeGlobalID("Article", id);

async function getWith(query: string, options: Omit<AppOptions, "store"> = {}) {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  const app = createApp({ store, ...options });
  return app.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`);
}

const tagsOf = (response: Response, header = "surrogate-key") =>
  new Set(response.headers.get(header)!.split(" "));

describe("cache tags on answers", () => {
  it("name Putin, his list and exactly his two stories on his page", async () => {
    const answer = await getWith(
      `{ person(slug: "vladimir-putin") { name articles { edges { node { headline } } } } }`,
    );
    expect(tagsOf(answer)).toEqual(
      new Set([
        LIST_TAGS.ofPerson("vladimir-putin"),
        encodeGlobalID("Person", "vladimir-putin"),
        article(ORESHNIK),
        article(MAIN),
      ]),
    );
  });

  it("name the home feed's list and every story on it", async () => {
    const tags = tagsOf(await getWith(`{ articles(first: 5) { edges { node { id } } } }`));
    expect(tags.has(LIST_TAGS.articles)).toBe(true);
    expect([...tags].filter((tag) => tag.startsWith("QXJ0aWNsZT"))).toHaveLength(5);
  });

  it("go in Cache-Tag with s-maxage for Cloudflare, in Surrogate-Key with Surrogate-Control otherwise", async () => {
    const query = `{ article(slug: "bsarwkh-awryshnyk-mwskw-trd-ala-asthdaf-mqr-bwtyn") { headline } }`;
    const cloudflare = await getWith(query, { cdn: { tagHeader: "cache-tag", maxAge: 86400 } });
    expect(tagsOf(cloudflare, "cache-tag")).toEqual(new Set([article(ORESHNIK)]));
    expect(cloudflare.headers.get("cache-control")).toMatch(/max-age=60, .*s-maxage=86400$/);
    const fastly = await getWith(query, { cdn: { tagHeader: "surrogate-key", maxAge: 3600 } });
    expect(fastly.headers.get("surrogate-control")).toBe("max-age=3600");
    expect(fastly.headers.get("cache-control")).not.toMatch(/s-maxage/);
  });

  it("fall back to a kind's tag when the ids would pass the header's bound", () => {
    const tags = new CacheTags();
    tags.list(LIST_TAGS.articles);
    tags.entity("Person", "vladimir-putin");
    for (let i = 0; i < 1000; i++) tags.entity("Article", `article-${i}`);
    const value = tags.headerValue();
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_TAG_HEADER_BYTES);
    expect(value.split(" ")).toEqual([
      LIST_TAGS.articles,
      "kind:Article",
      encodeGlobalID("Person", "vladimir-putin"),
    ]);
  });
});

describe("the tags a change purges", () => {
  it("an upgraded teaser: its own tag and the lists it is in, not an unrelated topic's list", async () => {
    const store = await LowdbStore.open(await copyOfEmbeddedStore());
    const [teaser] = await store.articlesByIds([ORESHNIK]);
    const upgraded = { ...teaser!, body: ["…"], summaryTruncated: false };
    const purge = new Set(tagsToPurge([{ before: teaser!, after: upgraded }]));
    expect(purge.has(article(ORESHNIK))).toBe(true);
    for (const tag of [
      LIST_TAGS.articles,
      LIST_TAGS.search,
      LIST_TAGS.ofTopic("oreshnik"),
      LIST_TAGS.ofTopic("russia"),
      LIST_TAGS.ofPerson("vladimir-putin"),
    ]) {
      expect(purge.has(tag), tag).toBe(true);
    }
    expect(purge.has(LIST_TAGS.ofTopic("yemen"))).toBe(false);
    expect(purge.has(LIST_TAGS.ofPerson("donald-trump"))).toBe(false);
    expect(purge.has(article(MACHADO))).toBe(false);
  });

  it("also purges the stories whose related edges changed", () => {
    const purge = tagsToPurge([], [MAIN]);
    expect(purge).toContain(article(MAIN));
  });
});
