import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import {
  FIRST_DAY,
  generateCorpus,
  LAST_DAY,
  loadSeed,
  PLAIN,
  SEED_PAGE_DAY,
} from "../src/corpus/generate.js";
import { countWords } from "../src/ingest/article.js";
import { knownForm, tokenize } from "../src/text/normalize.js";
import { createLinker } from "../src/ingest/link.js";
import { StoreContents } from "../src/store/json/contents.js";
import { embeddedStorePath } from "../src/store/json/lowdb.js";
import { MemoryStore } from "../src/store/json/memory.js";
import type { ArticleRecord, MentionRecord, StoreData } from "../src/store/records.js";
import { storeFileLines } from "../src/store/json/store-file.js";
import { query, runScript } from "./helpers.js";
import { tempDir } from "./ingest-fixtures.js";

const ARTICLES = 1000;
let corpus: StoreData;

beforeAll(() => {
  corpus = generateCorpus({ articles: ARTICLES });
});

const full = () => corpus.articles.filter((a) => a.body.length > 0);
const mainStoryWords = () => countWords(loadSeed().page.body);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** How many articles mention each entity, for every entity of the store (0 when none does). */
function articlesPerEntity(kind: "topics" | "people"): number[] {
  const counts = new Map(corpus[kind].map((entity) => [entity.id, 0]));
  for (const article of corpus.articles) {
    for (const { id } of article[kind]) counts.set(id, counts.get(id)! + 1);
  }
  return [...counts.values()].sort((a, b) => b - a);
}

const byCountThenId = (a: MentionRecord, b: MentionRecord) =>
  b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe("a generated corpus", () => {
  it("is byte for byte the same for the same size and seed, and another for another seed", () => {
    const again = generateCorpus({ articles: ARTICLES, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(corpus));
    const other = generateCorpus({ articles: ARTICLES, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(corpus));
    expect(other.articles.length).toBe(ARTICLES);
  });

  it("holds exactly the articles asked for, with unique ids and slugs, in id order", () => {
    const ids = corpus.articles.map((a) => a.id);
    expect(ids.length).toBe(ARTICLES);
    expect(new Set(ids).size).toBe(ARTICLES);
    expect(new Set(corpus.articles.map((a) => a.slug)).size).toBe(ARTICLES);
    expect(ids).toEqual([...ids].sort());
    for (const article of corpus.articles) expect(article.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("contains the seed page's five stories as the ingest stored them, read-more box included", async () => {
    const seed = JSON.parse(await readFile(embeddedStorePath, "utf8")) as StoreData;
    const byId = new Map(corpus.articles.map((a) => [a.id, a]));
    for (const article of seed.articles) expect(byId.get(article.id)).toEqual(article);
    for (const link of seed.editorialLinks) expect(corpus.editorialLinks).toContainEqual(link);
    expect(seed.articles.map((a) => a.publishedAt)).toContain(`${SEED_PAGE_DAY}T00:00:00Z`);
  });

  it("points every mention, editorial link and related edge at something the store holds", () => {
    const articles = new Set(corpus.articles.map((a) => a.id));
    const topics = new Set(corpus.topics.map((t) => t.id));
    const people = new Set(corpus.people.map((p) => p.id));
    const dangling = [
      ...corpus.articles.flatMap((a) => a.topics.filter((m) => !topics.has(m.id))),
      ...corpus.articles.flatMap((a) => a.people.filter((m) => !people.has(m.id))),
      ...[...corpus.editorialLinks, ...corpus.relatedEdges].filter(
        (link) => !articles.has(link.fromId) || !articles.has(link.toId),
      ),
      ...corpus.relatedEdges.flatMap((edge) =>
        edge.reasons.filter(
          (r) =>
            (r.kind === "SHARED_TOPIC" && !topics.has(r.topicId)) ||
            (r.kind === "SHARED_PERSON" && !people.has(r.personId)),
        ),
      ),
    ];
    expect(dangling).toEqual([]);
    expect(corpus.relatedEdges.length).toBeGreaterThan(ARTICLES * 10);
  });

  it("dates stories on whole days from 2021-01-01 to 2026-01-09, spread over every year", () => {
    const dates = corpus.articles.map((a) => a.publishedAt);
    for (const article of corpus.articles) {
      expect(article.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      expect(article.updatedAt).toBe(article.publishedAt);
    }
    const sorted = [...dates].sort();
    expect(sorted[0]! >= `${FIRST_DAY}T00:00:00Z`).toBe(true);
    expect(sorted.at(-1)).toBe(`${LAST_DAY}T00:00:00Z`);
    const years = new Set(dates.map((date) => date.slice(0, 4)));
    expect([...years].sort()).toEqual(["2021", "2022", "2023", "2024", "2025", "2026"]);
  });

  it("makes full stories as long as the seed's main story on average, with spread", () => {
    const words = full().map((a) => a.wordCount);
    const target = mainStoryWords();
    expect(mean(words)).toBeGreaterThan(target * 0.9);
    expect(mean(words)).toBeLessThan(target * 1.1);
    expect(Math.min(...words)).toBeLessThan(target / 2);
    expect(Math.max(...words)).toBeGreaterThan(target * 2);
    // Teasers included, the archive's average still stays within 30% of the main story's.
    const all = mean(corpus.articles.map((a) => a.wordCount));
    expect(Math.abs(all - target) / target).toBeLessThan(0.3);
  });

  it("counts words as the ingest does and keeps the lede as a full story's summary", () => {
    for (const article of corpus.articles) {
      const text = article.body.length > 0 ? article.body : [article.summary];
      expect(article.wordCount).toBe(countWords(text));
      if (article.body.length > 0) {
        expect(article.summary).toBe(article.body[0]);
        expect(article.summaryTruncated).toBe(false);
      }
    }
  });

  it("makes about one story in five teaser-only, cut off mid-sentence like the seed's", () => {
    const teasers = corpus.articles.filter((a) => a.body.length === 0);
    expect(teasers.length / ARTICLES).toBeGreaterThan(0.15);
    expect(teasers.length / ARTICLES).toBeLessThan(0.25);
    for (const teaser of teasers) {
      expect(teaser.summaryTruncated).toBe(true);
      expect(teaser.wordCount).toBeGreaterThanOrEqual(35);
      expect(teaser.wordCount).toBeLessThanOrEqual(60);
    }
  });

  it("writes Arabic made only of the seed's words, the entities' names and a few plain stand-ins", () => {
    const { page } = loadSeed();
    const words = (text: string) => tokenize(text).map((t) => t.text);
    const seedWords = [
      page.headline,
      ...page.body,
      ...page.readMore.flatMap((teaser) => [teaser.headline, teaser.text]),
    ];
    const names = [...corpus.topics, ...corpus.people].flatMap((e) => [e.name, ...e.aliases]);
    const known = new Set([...seedWords, ...names, ...Object.values(PLAIN).flat()].flatMap(words));
    // A name keeps the proclitic of the word it replaced: لروسيا, وبوتين, للولايات.
    const isKnown = (word: string) => knownForm(word, (w) => known.has(w)) !== undefined;
    const stories = corpus.articles.slice(0, 100);
    const unknown = stories.flatMap((a) =>
      [a.headline, a.summary, ...a.body].flatMap(words).filter((w) => !isKnown(w)),
    );
    expect(unknown).toEqual([]);
    for (const story of stories) expect(story.headline).toMatch(/^\P{Script=Latin}+$/u);
  });

  it("stores the mentions the ingest's linker finds in each story, most mentioned first, ties by id", () => {
    const link = createLinker({ topics: corpus.topics, people: corpus.people });
    for (const article of corpus.articles) {
      const text = article.body.length > 0 ? article.body : [article.summary];
      const { topics, people } = link([article.headline, ...text]);
      expect(article.topics).toEqual(topics);
      expect(article.people).toEqual(people);
      expect(article.topics).toEqual([...article.topics].sort(byCountThenId));
      expect(article.people).toEqual([...article.people].sort(byCountThenId));
    }
  });

  it("gives topics and people a long tail: the most mentioned far ahead of the median one", () => {
    for (const kind of ["topics", "people"] as const) {
      const counts = articlesPerEntity(kind);
      const median = counts[Math.floor(counts.length / 2)]!;
      expect(counts.length).toBeGreaterThan(40);
      expect(median).toBeGreaterThan(0);
      expect(counts[0]!).toBeGreaterThan(10 * median);
    }
    expect(corpus.topics.some((t) => t.id.startsWith("topic-"))).toBe(true);
    expect(corpus.people.some((p) => p.id.startsWith("person-"))).toBe(true);
    expect(mean(corpus.articles.map((a) => a.topics.length))).toBeGreaterThan(2);
  });

  it("gives some full stories a read-more box of 2 to 4 other stories of the same day or before", () => {
    const byId = new Map(corpus.articles.map((a) => [a.id, a]));
    const boxes = new Map<string, number[]>();
    for (const link of corpus.editorialLinks) {
      boxes.set(link.fromId, [...(boxes.get(link.fromId) ?? []), link.position]);
      const from = byId.get(link.fromId)!;
      expect(from.body.length).toBeGreaterThan(0);
      expect(link.toId).not.toBe(link.fromId);
      expect(byId.get(link.toId)!.publishedAt <= from.publishedAt).toBe(true);
    }
    for (const positions of boxes.values()) {
      expect(positions).toEqual(positions.map((_, i) => i));
      expect(positions.length).toBeGreaterThanOrEqual(2);
      expect(positions.length).toBeLessThanOrEqual(4);
    }
    expect(boxes.size / full().length).toBeGreaterThan(0.2);
    expect(boxes.size / full().length).toBeLessThan(0.4);
  });

  it("relates stories through the ingest's scoring: editorial links first, every edge with its reasons", () => {
    const edgesOf = new Map<string, StoreData["relatedEdges"]>();
    for (const edge of corpus.relatedEdges) {
      edgesOf.set(edge.fromId, [...(edgesOf.get(edge.fromId) ?? []), edge]);
    }
    const related = corpus.articles.filter((a) => edgesOf.has(a.id));
    expect(related.length / ARTICLES).toBeGreaterThan(0.95);
    for (const edge of corpus.relatedEdges) expect(edge.reasons.length).toBeGreaterThan(0);
    const kinds = new Set(corpus.relatedEdges.flatMap((e) => e.reasons.map((r) => r.kind)));
    expect([...kinds].sort()).toEqual(["EDITORIAL", "SHARED_PERSON", "SHARED_TOPIC"]);
    for (const link of corpus.editorialLinks) {
      const edge = edgesOf.get(link.fromId)![link.position]!;
      expect(edge.toId).toBe(link.toId);
      expect(edge.reasons[0]).toEqual({ kind: "EDITORIAL" });
    }
  });
});

describe("the API over a generated corpus", () => {
  it("serves a home feed of 20 stories, newest first, with their topics and people", async () => {
    const app = createApp({ store: new MemoryStore(corpus) });
    const result = await query(
      app,
      `{ articles(first: 20) { totalCount edges { node {
          slug headline summary publishedAt readingTimeMinutes
          topics { slug name kind } people { slug name }
      } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data.articles.edges.map((e: { node: unknown }) => e.node);
    expect(result.data.articles.totalCount).toBe(ARTICLES);
    expect(nodes.length).toBe(20);
    const newest = [...corpus.articles]
      .sort((a, b) => (b.publishedAt > a.publishedAt ? 1 : b.publishedAt < a.publishedAt ? -1 : 0))
      .slice(0, 20)
      .map((a) => a.publishedAt);
    expect(nodes.map((n: ArticleRecord) => n.publishedAt)).toEqual(newest);
    expect(nodes.some((n: { topics: unknown[] }) => n.topics.length > 0)).toBe(true);
    expect(nodes.some((n: { people: unknown[] }) => n.people.length > 0)).toBe(true);
  });

  it("still opens the seed's main story with its read-more stories first", async () => {
    const app = createApp({ store: new MemoryStore(corpus) });
    const main = loadSeed().page;
    const slug = corpus.articles.find((a) => a.headline === main.headline)!.slug;
    const result = await query(
      app,
      `query ($slug: String!) { article(slug: $slug) { headline related(first: 10) {
          edges { reasons { kind } node { headline } } } } }`,
      { slug },
    );
    expect(result.errors).toBeUndefined();
    const edges = result.data.article.related.edges;
    expect(edges.length).toBe(10);
    expect(edges.slice(0, 4).map((e: { node: { headline: string } }) => e.node.headline)).toEqual(
      main.readMore.map((t) => t.headline),
    );
  });
});

describe("the API at its defaults, over a store with more than a page of everything", () => {
  it("gives a list without first the default page of 20, and says there is more", async () => {
    const app = createApp({ store: new MemoryStore(corpus) });
    const result = await query(
      app,
      `{ articles { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.articles.edges).toHaveLength(20);
    expect(result.data.articles.totalCount).toBe(ARTICLES);
    expect(result.data.articles.pageInfo.hasNextPage).toBe(true);
    const next = await query(
      app,
      `query($after: String) { articles(after: $after) { edges { node { id } } } }`,
      { after: result.data.articles.pageInfo.endCursor },
    );
    expect(next.data.articles.edges).toHaveLength(20);
    const ids = [...result.data.articles.edges, ...next.data.articles.edges].map(
      (edge: { node: { id: string } }) => edge.node.id,
    );
    expect(new Set(ids).size).toBe(40);
  });

  it("serves editorial links before computed edges, each kind in its order", async () => {
    const app = createApp({ store: new MemoryStore(corpus) });
    const boxes = new Map<string, string[]>();
    for (const link of [...corpus.editorialLinks].sort((a, b) => a.position - b.position)) {
      boxes.set(link.fromId, [...(boxes.get(link.fromId) ?? []), link.toId]);
    }
    const computed = new Set(corpus.relatedEdges.map((edge) => edge.fromId));
    const [fromId, box] = [...boxes].find(([id]) => computed.has(id))!;
    const article = corpus.articles.find((a) => a.id === fromId)!;
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) { related(first: 100) {
          edges { score reasons { kind } node { id } } } } }`,
      { slug: article.slug },
    );
    const edges: { score: number; reasons: { kind: string }[]; node: { id: string } }[] =
      result.data.article.related.edges;
    const editorial = edges.filter((edge) => edge.reasons[0]!.kind === "EDITORIAL");
    const globalId = (id: string) => Buffer.from(`Article:${id}`).toString("base64");
    expect(editorial.map((edge) => edge.node.id)).toEqual(box.map(globalId));
    expect(edges.slice(0, box.length)).toEqual(editorial);
    const rest = edges.slice(box.length);
    expect(rest.length).toBeGreaterThan(0);
    for (const edge of rest) expect(edge.reasons.map((r) => r.kind)).not.toContain("EDITORIAL");
    const scores = rest.map((edge) => edge.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe("npm run corpus", () => {
  const run = (store: string, ...args: string[]) =>
    runScript("src/corpus/cli.ts", args, { NEWS_DB: store });

  it("writes the generated corpus to the store NEWS_DB names and sums it up in one line", async () => {
    const store = join(await tempDir(), "corpus.json");
    const result = await run(store, "--articles", "200", "--seed", "7");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = storeFileLines(StoreContents.of(generateCorpus({ articles: 200, seed: 7 })));
    expect(await readFile(store, "utf8")).toBe([...lines].join(""));
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toMatch(
      /^wrote .*corpus\.json: 200 articles \(\d+ full, \d+ teasers\), .* related edges, seed 7; [\d.]+ s .* MB\n$/,
    );
  });

  it("refuses a missing, malformed or out-of-range count with exit status 2 and a reason", async () => {
    const store = join(await tempDir(), "corpus.json");
    const cases: [string[], RegExp][] = [
      [[], /--articles is required/],
      [["--articles", "10k"], /--articles needs a whole number, got 10k/],
      [["--articles", "2"], /--articles must be from 5 to 100000/],
      [["--articles", "100", "--seed", "-1"], /--seed needs a whole number/],
      [["--pages", "3"], /unknown argument --pages/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(store, ...args)));
    results.forEach((result, i) => {
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
      expect(result.stderr).toMatch(/usage: npm run corpus/);
    });
    await expect(readFile(store)).rejects.toThrow(/ENOENT/);
  });
});
