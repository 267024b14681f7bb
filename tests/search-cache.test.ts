import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateContent } from "../src/corpus/generate.js";
import type { StoreData } from "../src/store/records.js";
import { ArticleSearch } from "../src/text/article-search.js";
import { sortInSlices, TimeSlicer } from "../src/text/time-slice.js";
import type { SearchRequest, SearchResult } from "../src/store/store.js";
import { tempDir } from "./ingest-fixtures.js";

const PUTIN: SearchRequest = { text: "بوتين", filter: {}, offset: 0, limit: 10 };
let corpus: StoreData;
let cacheFile: string;

beforeAll(() => {
  corpus = generateContent({ articles: 400 });
});
beforeEach(async () => {
  cacheFile = join(await tempDir(), "db.json.search");
});
afterEach(() => rm(dirname(cacheFile), { recursive: true, force: true }));

const ids = ([result]: SearchResult[]) => result!.hits.map((hit) => hit.article.id);
/** The file's inode: a rebuilt cache is renamed over the old one, so it changes; a load does not. */
const inode = async () => (await stat(cacheFile)).ino;

describe("the search index saved beside the store", () => {
  it("is written by the first search and loaded, not rebuilt, by the next process", async () => {
    const first = await new ArticleSearch(corpus, { cacheFile }).search([PUTIN]);
    const written = await inode();
    const again = await new ArticleSearch(corpus, { cacheFile }).search([PUTIN]);
    expect(await inode()).toBe(written);
    expect(again).toEqual(first);
    expect(ids(first).length).toBe(10);
  });

  it("is not written by a search over data the store has since replaced", async () => {
    const old = new ArticleSearch(corpus, { cacheFile });
    const searching = old.search([PUTIN]);
    old.retire();
    expect(ids(await searching).length).toBe(10);
    await expect(stat(cacheFile)).rejects.toThrow(/ENOENT/);
  });

  it("fails the search, not the process, when the data cannot be indexed", async () => {
    const broken = { ...corpus, articles: [{ ...corpus.articles[0]!, body: null as never }] };
    await expect(new ArticleSearch(broken, { cacheFile }).search([PUTIN])).rejects.toThrow();
  });

  it("is rebuilt when the store's content changed since it was written", async () => {
    await new ArticleSearch(corpus, { cacheFile }).search([PUTIN]);
    const written = await inode();
    const [story, ...rest] = corpus.articles;
    const edited = {
      ...corpus,
      articles: [{ ...story!, headline: "زلزال في كامتشاتكا" }, ...rest],
    };
    const search = new ArticleSearch(edited, { cacheFile });
    const [result] = await search.search([{ ...PUTIN, text: "كامتشاتكا" }]);
    expect(result!.hits.map((hit) => hit.article.id)).toEqual([story!.id]);
    expect(await inode()).not.toBe(written);
  });

  it("is rebuilt when it was written under another version of the text analysis", async () => {
    await new ArticleSearch(corpus, { cacheFile }).search([PUTIN]);
    const written = await inode();
    vi.resetModules();
    vi.doMock("../src/text/analysis-version.js", () => ({ ANALYSIS_VERSION: -1 }));
    const { ArticleSearch: UnderOtherRules } = await import("../src/text/article-search.js");
    await new UnderOtherRules(corpus, { cacheFile }).search([PUTIN]);
    vi.doUnmock("../src/text/analysis-version.js");
    expect(await inode()).not.toBe(written);
  });

  for (const [damage, spoil] of [
    [
      "a flipped byte",
      (bytes: Buffer) =>
        bytes.fill(bytes[bytes.length >> 1]! ^ 1, bytes.length >> 1, (bytes.length >> 1) + 1),
    ],
    ["a cut-off end", (bytes: Buffer) => bytes.subarray(0, bytes.length - 100)],
    ["text instead of an index", () => Buffer.from('{"articles": []}')],
  ] as const) {
    it(`is never trusted with ${damage}: the index is rebuilt and saved again`, async () => {
      const expected = await new ArticleSearch(corpus, { cacheFile }).search([PUTIN]);
      await writeFile(cacheFile, spoil(await readFile(cacheFile)));
      const damaged = await inode();
      expect(await new ArticleSearch(corpus, { cacheFile }).search([PUTIN])).toEqual(expected);
      expect(await inode()).not.toBe(damaged);
    });
  }

  it("still answers when the cache cannot be written", async () => {
    const unwritable = join(cacheFile, "no-such-folder", "db.json.search");
    const [result] = await new ArticleSearch(corpus, { cacheFile: unwritable }).search([PUTIN]);
    expect(result!.hits.length).toBe(10);
  });
});

describe("opening the index", () => {
  it("answers searches that arrive before the index is ready, once it is", async () => {
    const search = new ArticleSearch(corpus);
    const [early, later] = await Promise.all([
      search.search([PUTIN]),
      search.search([{ ...PUTIN, text: "أوكرانيا" }]),
    ]);
    expect(ids(early).length).toBe(10);
    expect(ids(later).length).toBe(10);
  });

  it("lets the event loop turn while the index is built", async () => {
    let turns = 0;
    let ready = false;
    const building = new ArticleSearch(generateContent({ articles: 3000 }))
      .search([PUTIN])
      .then(() => (ready = true));
    while (!ready) {
      await nextTurn();
      turns++;
    }
    await building;
    expect(turns).toBeGreaterThan(10);
  });
});

describe("work in time slices", () => {
  it("sorts as one stable sort would, across many runs and merges", async () => {
    const days = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 365);
    const byDay = (a: number, b: number) => days[a]! - days[b]!;
    const sorted = await sortInSlices(Int32Array.from(days.keys()), byDay, new TimeSlicer());
    expect(Array.from(sorted)).toEqual([...days.keys()].sort(byDay));
  });
});
