import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../src/store/open.js";
import type { Db } from "../src/store/postgres/db.js";
import { MATCH_CAP, searchArticles } from "../src/store/postgres/search.js";
import { SearchKnowledge } from "../src/store/postgres/search-knowledge.js";
import type { ArticleFilter, SearchRequest } from "../src/store/store.js";
import { embeddedData, freshDb } from "./backends.js";

/**
 * The seed's stories newest first, by (publishedAt, id): three of 2026-01-09, then two of
 * 2026-01-08. موسكو is in two of the 9th's: the read-more story naming it in its headline
 * (2e7217af56e7, the older by id) and the main story (a29e0247611c), which names it in its body.
 */
const READ_MORE_MOSCOW = "2e7217af56e7";
const MAIN_STORY = "a29e0247611c";

let db: Db;
let knowledge: SearchKnowledge;

beforeAll(async () => {
  db = await freshDb();
  const store = await openPostgresStore(db);
  await store.replace(await embeddedData());
  knowledge = await SearchKnowledge.load(db);
});
afterAll(() => db.end());

const search = (text: string, cap: number, request: Partial<SearchRequest> = {}) =>
  searchArticles(db, knowledge, { text, filter: {}, offset: 0, limit: 10, ...request }, cap);
const ids = (result: { hits: { article: { id: string } }[] }) =>
  result.hits.map((h) => h.article.id);

describe("PostgreSQL search bounded to the newest matches", () => {
  it("ranks every match and counts them exactly up to the cap", async () => {
    const whole = await search("موسكو", MATCH_CAP);
    expect(ids(whole)).toEqual([READ_MORE_MOSCOW, MAIN_STORY]);
    expect(whole).toMatchObject({ totalCount: 2, totalCountExact: true });
    // Exactly at the cap is still every match.
    const atCap = await search("موسكو", 2);
    expect(ids(atCap)).toEqual(ids(whole));
    expect(atCap.hits.map((h) => h.score)).toEqual(whole.hits.map((h) => h.score));
    expect(atCap).toMatchObject({ totalCount: 2, totalCountExact: true });
  });

  it("beyond the cap, returns the best of the newest matches only, and estimates the total", async () => {
    const capped = await search("موسكو", 1, { facets: true });
    // The read-more story scores higher but is the older match: it is past the cap.
    expect(ids(capped)).toEqual([MAIN_STORY]);
    // One match among the newest two of the five stories (the main story and f0c6a0091283):
    // 1 × 5 / 2, rounded.
    expect(capped).toMatchObject({ totalCount: 3, totalCountExact: false });
    expect(capped.facets!.exact).toBe(false);
    // The main story's mentions, scaled by 3 matches per counted one.
    const putin = capped.facets!.people.find((p) => p.id === "vladimir-putin");
    expect(putin?.count).toBe(3);
  });

  it("pages end at the cap, and a page past it still carries the estimated total", async () => {
    const second = await search("موسكو", 1, { offset: 1 });
    expect(ids(second)).toEqual([]);
    expect(second).toMatchObject({ totalCount: 3, totalCountExact: false });
  });

  it("applies the filter before the cap: the newest matches are the filter's", async () => {
    const before9th: ArticleFilter = { publishedBefore: "2026-01-09T00:00:00Z" };
    // ترامب is in f0c6a0091283 (the 9th) and a7fd8e3b39e4 (the 8th); only the 8th's is left.
    const filtered = await search("ترامب", 1, { filter: before9th });
    expect(ids(filtered)).toEqual(["a7fd8e3b39e4"]);
    expect(filtered).toMatchObject({ totalCount: 1, totalCountExact: true });
  });
});
