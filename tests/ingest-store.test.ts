import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { countWords, storyId } from "../src/ingest/article.js";
import { ingestPages, type PageInput } from "../src/ingest/ingest.js";
import type { ArticleRecord, StoreData } from "../src/store/records.js";
import { emptyStore } from "./backends.js";
import { oreshnikPageText, seedDate, seedPage, seedText } from "./ingest-fixtures.js";

const seed: PageInput = { path: "seed.txt", text: seedText(), date: seedDate };
const oreshnik: PageInput = { path: "oreshnik.txt", text: oreshnikPageText(), date: seedDate };

/** The store file's bytes, for a JSON store; a database has none to compare. */
const fileBytes = async (path: string | undefined) =>
  path === undefined ? undefined : await readFile(path);

async function ingested(...pages: PageInput[]) {
  const { path, store } = await emptyStore();
  const summary = await ingestPages(store, pages);
  return { path, store, summary, data: await store.snapshot() };
}

const byHeadline = (data: StoreData, headline: string): ArticleRecord =>
  data.articles.find((a) => a.headline === headline)!;

const page = seedPage();
const mainHeadline = page.headline;
const oreshnikHeadline = page.readMore[0]!.headline;

describe("ingesting the seed page into an empty store", () => {
  it("adds the main story in full and the four read-more stories as teasers", async () => {
    const { data, summary } = await ingested(seed);
    expect(summary).toMatchObject({ pagesRead: 1, added: 5, refused: [], written: true });
    const main = byHeadline(data, mainHeadline);
    expect(main.body).toEqual(page.body);
    expect(main.summary).toBe(page.body[0]);
    expect(main.summaryTruncated).toBe(false);
    for (const teaser of page.readMore) {
      const article = byHeadline(data, teaser.headline);
      expect(article).toMatchObject({ summary: teaser.text, summaryTruncated: true, body: [] });
    }
  });

  it("links the main story to the four teasers in the box's order", async () => {
    const { data } = await ingested(seed);
    const main = byHeadline(data, mainHeadline);
    expect(data.editorialLinks).toEqual(
      page.readMore.map((teaser, position) => ({
        fromId: main.id,
        toId: byHeadline(data, teaser.headline).id,
        position,
      })),
    );
  });

  it("dates each story by its own text and stores no wall-clock time", async () => {
    const { data } = await ingested(seed);
    const dates = [mainHeadline, ...page.readMore.map((t) => t.headline)].map(
      (headline) => byHeadline(data, headline).publishedAt,
    );
    expect(dates).toEqual([
      "2026-01-09T00:00:00Z",
      "2026-01-09T00:00:00Z",
      "2026-01-08T00:00:00Z",
      "2026-01-08T00:00:00Z",
      "2026-01-09T00:00:00Z",
    ]);
    for (const article of data.articles) expect(article.updatedAt).toBe(article.publishedAt);
  });

  it("counts the words of the body for the full story and of the teaser for a teaser", async () => {
    const { data } = await ingested(seed);
    const main = byHeadline(data, mainHeadline);
    expect(main.wordCount).toBe(countWords(page.body));
    const mukalla = byHeadline(data, page.readMore[1]!.headline);
    expect(mukalla.wordCount).toBe(countWords([page.readMore[1]!.text]));
  });

  it("writes every taxonomy person and topic, slug equal to id", async () => {
    const { data } = await ingested(seed);
    expect(data.people.map((p) => p.id)).toEqual([
      "donald-trump",
      "kim-jong-un",
      "maria-corina-machado",
      "salem-ahmed-basloum",
      "vladimir-putin",
    ]);
    expect(data.people.find((p) => p.id === "vladimir-putin")).toMatchObject({
      slug: "vladimir-putin",
      name: "فلاديمير بوتين",
      description: "الرئيس الروسي",
    });
    expect(data.topics.every((t) => t.slug === t.id && t.description === null)).toBe(true);
  });

  it("gives every article a distinct ASCII slug", async () => {
    const { data } = await ingested(seed);
    const slugs = data.articles.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe("countWords", () => {
  it("counts words between spaces, as a reader would: eleven in وأضاف كيم's quote", () => {
    expect(page.body[3]).toBe(
      'وأضاف كيم: "سيستمر التعاون الوثيق بين البلدين في مختلف المجالات مستقبلا".',
    );
    expect(countWords([page.body[3]!])).toBe(11);
  });

  it('counts بـ"الصداقة" as one word and a lone dash as none', () => {
    expect(countWords(['أشاد بوتين بـ"الصداقة" - بين البلدين'])).toBe(5);
  });
});

describe("ingesting again", () => {
  it("leaves the store file byte for byte as it was when the same page comes twice", async () => {
    const { path, store } = await emptyStore();
    await ingestPages(store, [seed]);
    const before = await fileBytes(path);
    const summary = await ingestPages(store, [seed]);
    expect(summary).toMatchObject({ added: 0, unchanged: 5, written: false });
    expect(await fileBytes(path)).toEqual(before);
  });

  it("treats a headline differing only in diacritics, tatweel and hamza forms as the same story", async () => {
    const variant = mainHeadline.replace("بوتين", "بُوتـين").replace("زعيم", "زَعيم");
    const text = seedText().replaceAll(mainHeadline, variant);
    expect(storyId(variant)).toBe(storyId(mainHeadline));
    const { data } = await ingested(seed, { text, date: seedDate });
    expect(data.articles).toHaveLength(5);
  });
});

describe("a page whose story was known only as a teaser", () => {
  it("upgrades the teaser in place: same id and slug, body filled, no longer truncated", async () => {
    const first = await ingested(seed);
    const teaser = byHeadline(first.data, oreshnikHeadline);
    const summary = await ingestPages(first.store, [oreshnik]);
    const upgraded = byHeadline(await first.store.snapshot(), oreshnikHeadline);
    expect(summary).toMatchObject({ added: 0, upgraded: 1, unchanged: 1 });
    expect(upgraded).toMatchObject({ id: teaser.id, slug: teaser.slug, summaryTruncated: false });
    expect(upgraded.body).toHaveLength(1);
    expect(upgraded.body[0]).toMatch(/^قالت وزارة الدفاع الروسية، الجمعة،/);
    expect(teaser.summary.startsWith(upgraded.body[0]!)).toBe(true);
  });

  it("keeps the main story's editorial links and adds the new page's link back to it", async () => {
    const { data } = await ingested(seed, oreshnik);
    const main = byHeadline(data, mainHeadline);
    const upgraded = byHeadline(data, oreshnikHeadline);
    expect(data.editorialLinks.filter((l) => l.fromId === main.id)).toHaveLength(4);
    expect(data.editorialLinks).toContainEqual({ fromId: upgraded.id, toId: main.id, position: 0 });
  });

  it("never downgrades the full main story, which the new page lists as a teaser", async () => {
    const { data } = await ingested(seed, oreshnik);
    expect(byHeadline(data, mainHeadline).body).toEqual(page.body);
  });

  it("ends in the same store whichever page comes first", async () => {
    const one = await ingested(seed, oreshnik);
    const other = await ingested(oreshnik, seed);
    expect(other.data).toEqual(one.data);
  });
});

describe("the taxonomy", () => {
  it("is the one given, when a caller passes its own", async () => {
    const { store } = await emptyStore();
    const taxonomy = {
      people: [
        { id: "kim", name: "كيم جونغ أون", nameEn: "Kim Jong Un", aliases: [], description: null },
      ],
      topics: [],
    };
    await ingestPages(store, [seed], { taxonomy });
    const data = await store.snapshot();
    expect(data.people.map((p) => p.id)).toEqual(["kim"]);
    expect(data.topics).toEqual([]);
    expect(byHeadline(data, mainHeadline).people).toEqual([{ id: "kim", count: 1 }]);
  });
});

describe("pages that cannot be read", () => {
  it("are refused with a reason while the other pages land", async () => {
    const { data, summary } = await ingested(
      seed,
      { path: "blank.txt", text: "\n \n", date: seedDate },
      oreshnik,
    );
    expect(summary.refused).toEqual([{ page: "blank.txt", reason: "file is empty" }]);
    expect(summary).toMatchObject({ pagesRead: 3, added: 5, upgraded: 1 });
    expect(data.articles).toHaveLength(5);
  });

  it("leave the store file untouched when every page is refused", async () => {
    const { path, store } = await emptyStore();
    await ingestPages(store, [seed]);
    const before = await fileBytes(path);
    const summary = await ingestPages(store, [
      { path: "no-headline.txt", text: "سطر\nسطر آخر\n", date: seedDate },
      { path: "bad-date.txt", text: seedText(), date: "2026-13-01" },
    ]);
    expect(summary.refused.map((r) => r.page)).toEqual(["no-headline.txt", "bad-date.txt"]);
    expect(summary.written).toBe(false);
    expect(await fileBytes(path)).toEqual(before);
  });
});
