import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../src/corpus/generate.js";
import { StoreContents } from "../src/store/json/contents.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import type { StoreData } from "../src/store/records.js";
import { fileLines, readStoreFile, storeFileLines } from "../src/store/json/store-file.js";
import { tempDir } from "./ingest-fixtures.js";

let small: StoreData;
let larger: StoreData;

beforeAll(() => {
  small = generateCorpus({ articles: 50 });
  larger = generateCorpus({ articles: 300, seed: 2 });
});

const textOf = (data: StoreData) => [...storeFileLines(StoreContents.of(data))].join("");

async function storeFile(text: string): Promise<string> {
  const path = join(await tempDir(), "db.json");
  await writeFile(path, text);
  return path;
}

/** The data a store holds, as plain StoreData. */
const dataOf = (contents: StoreContents): StoreData => ({
  articles: contents.articles,
  topics: contents.topics,
  people: contents.people,
  editorialLinks: contents.editorialLinks,
  relatedEdges: contents.relatedEdges,
});

const articleCount = async (store: LowdbStore) =>
  (
    await store.articlePages([
      { filter: {}, order: "PUBLISHED_AT_DESC", limit: 1, inverted: false },
    ])
  )[0]!.totalCount;

/** What a few kinds of read see: the number of articles, one by id, one topic's, one's related. */
async function readsOf(store: LowdbStore, data: StoreData) {
  const article = data.articles.find((a) => a.topics.length > 0)!;
  const [byTopic] = await store.articlePages([
    {
      filter: { topicId: article.topics[0]!.id },
      order: "PUBLISHED_AT_DESC",
      limit: 1,
      inverted: false,
    },
  ]);
  return {
    articles: await articleCount(store),
    byId: (await store.articlesByIds([article.id]))[0]?.headline,
    byTopic: byTopic!.totalCount,
    related: (await store.relatedEdges([article.id]))[0]!.length,
  };
}

describe("the store file", () => {
  it("holds one record a line, an article's related edges on one line, and is JSON", () => {
    const data: StoreData = {
      articles: [],
      topics: [],
      people: [
        { id: "kim", slug: "kim", name: "كيم", nameEn: "Kim", aliases: [], description: null },
      ],
      editorialLinks: [{ fromId: "a", toId: "b", position: 0 }],
      relatedEdges: [
        { fromId: "a", toId: "b", score: 2.5, reasons: [{ kind: "EDITORIAL" }] },
        {
          fromId: "a",
          toId: "c",
          score: 1,
          reasons: [
            { kind: "SHARED_PERSON", personId: "kim" },
            { kind: "SHARED_TOPIC", topicId: "russia" },
          ],
        },
        { fromId: "b", toId: "a", score: 2.5, reasons: [] },
      ],
    };
    const text = textOf(data);
    expect(text).toBe(
      [
        "{",
        '"articles": [',
        "],",
        '"topics": [',
        "],",
        '"people": [',
        '{"id":"kim","slug":"kim","name":"كيم","nameEn":"Kim","aliases":[],"description":null}',
        "],",
        '"editorialLinks": [',
        '{"fromId":"a","toId":"b","position":0}',
        "],",
        '"related": [',
        '{"fromId":"a","edges":[["b",2.5,"editorial"],["c",1,"person:kim","topic:russia"]]},',
        '{"fromId":"b","edges":[["a",2.5]]}',
        "],",
        '"changes": [',
        "]",
        "}",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(text).people).toEqual(data.people);
  });

  it("reads back as the data written, a line at a time even when each line spans many reads", async () => {
    const path = await storeFile(textOf(larger));
    expect(dataOf(await readStoreFile(path, 256))).toEqual(larger);
    expect(dataOf(await readStoreFile(path))).toEqual(larger);
  });

  it("reads an older store, indented with one object per edge, with JSON.parse", async () => {
    const path = await storeFile(`${JSON.stringify(larger, null, 2)}\n`);
    expect(dataOf(await readStoreFile(path))).toEqual(larger);
  });

  it("names the line that breaks it: a record that is not JSON, a file cut short", async () => {
    const lines = textOf(small).split("\n");
    const broken = lines.map((line, i) => (i === 3 ? line.slice(0, 40) : line)).join("\n");
    await expect(readStoreFile(await storeFile(broken))).rejects.toThrow(/line 4: /);
    const cut = lines.slice(0, 20).join("\n");
    await expect(readStoreFile(await storeFile(cut))).rejects.toThrow(
      /line 21: the file ends inside a section/,
    );
    const noComma = lines.map((line, i) => (i === 2 ? line.slice(0, -1) : line)).join("\n");
    await expect(readStoreFile(await storeFile(noComma))).rejects.toThrow(
      /line 4: expected \], to end the "articles" section/,
    );
  });

  it("is refused when it holds two related lines for one article, line layout or not", async () => {
    const lines = textOf(small).split("\n");
    const first = lines.indexOf('"related": [') + 1;
    const twice = [
      ...lines.slice(0, first + 1),
      `${lines[first]!.replace(/,$/, "")},`,
      ...lines.slice(first + 1),
    ];
    const fromId = JSON.parse(lines[first]!.replace(/,$/, "")).fromId;
    const message = `a second related line for article ${fromId}`;
    await expect(readStoreFile(await storeFile(twice.join("\n")))).rejects.toThrow(message);
    const indented = JSON.stringify(JSON.parse(twice.join("\n")), null, 2);
    await expect(readStoreFile(await storeFile(indented))).rejects.toThrow(message);
  });

  it("keeps the newest 1,000 change-log entries, and says when a counter is older than those", async () => {
    const logged = Array.from({ length: 1_001 }, (_, i) => ({
      kind: "published" as const,
      ids: [`story-${i + 1}`],
    }));
    const contents = StoreContents.of(small).loggedAfter([], logged);
    const path = await storeFile([...storeFileLines(contents)].join(""));
    const read = await readStoreFile(path, 256);
    expect(read.changes).toEqual(contents.changes);
    expect(read.changeCounter).toBe(1_001);
    expect(read.changes[0]).toEqual({ counter: 2, kind: "published", ids: ["story-2"] });
    expect(read.changesSince(0)).toBeUndefined();
    expect(read.changesSince(1)).toHaveLength(1_000);
    expect(read.changesSince(999)!.map((entry) => entry.ids)).toEqual([
      ["story-1000"],
      ["story-1001"],
    ]);
    expect(read.changesSince(1_001)).toEqual([]);
  });

  it("reads a file from before the change log as a store never written", async () => {
    const text = textOf(small).replace('],\n"changes": [\n]\n}', "]\n}");
    expect(text).not.toContain('"changes"');
    const read = await readStoreFile(await storeFile(text));
    expect(dataOf(read)).toEqual(small);
    expect(read.changeCounter).toBe(0);
    expect(read.changesSince(0)).toEqual([]);
  });

  it("is refused with JSON.parse's reason when it is not JSON at all", async () => {
    await expect(readStoreFile(await storeFile("{ half a store"))).rejects.toThrow(SyntaxError);
  });
});

describe("an article's related line", () => {
  it("keeps an id with a colon whole, and refuses a reason it does not know when read", () => {
    const lines = new Map([
      ["a", '{"fromId":"a","edges":[["b",1,"topic:ns:russia"]]}'],
      ["b", '{"fromId":"b","edges":[["a",1,"rumour:x"]]}'],
    ]);
    const contents = new StoreContents([], [], [], [], lines);
    expect(contents.relatedOf("a")[0]!.reasons).toEqual([
      { kind: "SHARED_TOPIC", topicId: "ns:russia" },
    ]);
    expect(() => contents.relatedOf("b")).toThrow(/unknown related-edge reason "rumour:x"/);
    expect(contents.relatedOf("c")).toEqual([]);
  });
});

describe("reading a file a line at a time", () => {
  it("puts together lines, Arabic included, that chunks of a few bytes cut anywhere", async () => {
    const lines = ["بوتين وكيم", "", "a line of ASCII", "أوكرانيا"];
    const path = await storeFile(lines.join("\n"));
    for (const chunkBytes of [1, 2, 3, 7, 1024]) {
      const read: string[] = [];
      for await (const line of fileLines(path, chunkBytes)) read.push(line);
      expect(read).toEqual(lines);
    }
  });
});

describe("reloading a store another process rewrote", () => {
  it("goes on answering from the old data while the new file is read, then serves the new", async () => {
    const path = await storeFile(textOf(small));
    const store = await LowdbStore.open(path);
    const before = await readsOf(store, small);
    await writeFile(path, textOf(larger));
    const generation = store.generation;
    let done = false;
    const reloading = store.reload().then(() => (done = true));
    const readsMeanwhile: unknown[] = [];
    while (!done) {
      readsMeanwhile.push(await readsOf(store, small));
      await nextTurn();
    }
    await reloading;
    expect(readsMeanwhile.length).toBeGreaterThan(5);
    for (const reads of readsMeanwhile) expect(reads).toEqual(before);
    expect(await articleCount(store)).toBe(300);
    expect(store.generation).toBe(generation + 1);
    expect(await store.snapshot()).toEqual(larger);
  });

  it("keeps serving the old data when the new file does not parse", async () => {
    const path = await storeFile(textOf(small));
    const store = await LowdbStore.open(path);
    const generation = store.generation;
    await writeFile(path, textOf(larger).slice(0, 100_000));
    await expect(store.reload()).rejects.toThrow(/db.json, line \d+: /);
    expect(await articleCount(store)).toBe(50);
    expect(store.generation).toBe(generation);
    expect(await store.snapshot()).toEqual(small);
  });

  it("ends on the file written last when a second reload starts before the first ends", async () => {
    const path = await storeFile(textOf(small));
    const store = await LowdbStore.open(path);
    await writeFile(path, textOf(larger));
    const first = store.reload();
    await nextTurn();
    const newer = await storeFile(textOf(small));
    await rename(newer, path);
    await Promise.all([first, store.reload()]);
    expect(await articleCount(store)).toBe(50);
    expect(await readFile(path, "utf8")).toBe(textOf(small));
  });
});
