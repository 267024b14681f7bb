import { beforeAll, describe, expect, it } from "vitest";
import { generateContent } from "../src/corpus/generate.js";
import type { StoreData } from "../src/store/records.js";
import type { ArticleFilter } from "../src/store/store.js";
import { buildSearchIndex } from "../src/text/article-search.js";
import type { SearchRequest } from "../src/store/store.js";
import type { SearchIndex } from "../src/text/search-index.js";

const ARTICLES = 3000;
let corpus: StoreData;
let index: SearchIndex;

beforeAll(async () => {
  corpus = generateContent({ articles: ARTICLES });
  index = await buildSearchIndex(corpus);
});

const QUERIES = [
  "بوتين",
  "لأوكرانيا",
  "كوريا الشمالية",
  '"دعم غير مشروط"',
  "بصاروخ",
  "الرئيس",
  "ترامب فنزويلا",
  "بوتين روسيا أوكرانيا ترامب",
  '"كوريا الشمالية" صاروخ',
  '"موسكو ترد" "دعم غير مشروط"',
  "موسكو ترد",
  "في من على الرئيس",
  "fox NEWS",
  "كلمةلاتوجد",
  // Entities named in other forms: a Latin name, another outlet's spelling, with words beside.
  "Putin",
  "فلادمير بوتن أوكرانيا",
  "Russia صاروخ",
  '"كوريا الشمالية" بيونج يانج',
  "ترامب Venezuela الأسبوع",
];
const PAGES = [
  { offset: 0, limit: 20 },
  { offset: 20, limit: 20 },
  { offset: 0, limit: 1 },
  { offset: 7, limit: 3 },
  { offset: 0, limit: 100 },
  { offset: 180, limit: 40 },
  { offset: 0, limit: 0 },
];
const FILTERS: Record<string, ArticleFilter> = {
  "no filter": {},
  "published in 2024 or later": { publishedAfter: "2024-01-01T00:00:00Z" },
  "published before mid-2022": { publishedBefore: "2022-07-01T00:00:00Z" },
  "about Ukraine": { topicId: "ukraine" },
  "naming Putin": { personId: "vladimir-putin" },
  "naming Putin, in 2025": {
    personId: "vladimir-putin",
    publishedAfter: "2025-01-01T00:00:00Z",
    publishedBefore: "2026-01-01T00:00:00Z",
  },
};

describe("early-terminated ranking on a generated corpus", () => {
  for (const [label, filter] of Object.entries(FILTERS)) {
    it(`returns exactly the exhaustive ranking's pages and counts, ${label}`, () => {
      let hits = 0;
      for (const text of QUERIES) {
        for (const page of PAGES) {
          const request: SearchRequest = { text, filter, ...page };
          const exhaustive = index.searchExhaustively(request);
          expect(index.search(request), `${text} ${JSON.stringify(page)}`).toEqual(exhaustive);
          hits += exhaustive.hits.length;
        }
      }
      // The comparison means something only if the pages are not empty.
      expect(hits).toBeGreaterThan(100);
    });
  }

  it("ranks best first, and every hit of a name holds the name", () => {
    const { hits, totalCount } = index.searchExhaustively({
      text: "بوتين",
      filter: {},
      offset: 0,
      limit: 1000,
    });
    expect(totalCount).toBeGreaterThan(100);
    expect(hits.length).toBe(Math.min(1000, totalCount));
    for (let i = 1; i < hits.length; i++) {
      expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
    for (const hit of hits) {
      const text = [hit.article.headline, hit.article.summary, ...hit.article.body].join(" ");
      expect(text).toContain("بوتين");
    }
  });
});
