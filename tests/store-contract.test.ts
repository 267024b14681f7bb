/**
 * The Store contract, the same on every backend (this file runs on the JSON store and on
 * PostgreSQL): what an ingest writes, what a failed write leaves, how lookups answer.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ingestPages, type PageInput } from "../src/ingest/ingest.js";
import { computeRelated, relatedLists } from "../src/ingest/related.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import type { StoreData } from "../src/store/records.js";
import { relatedFloorOf, type StoreChanges, type WritableStore } from "../src/store/store.js";
import { backendName, embeddedData, emptyStore, seededStore } from "./backends.js";
import { oreshnikPageText, seedDate, seedPage, seedText, tempDir } from "./ingest-fixtures.js";

const seed: PageInput = { path: "seed.txt", text: seedText(), date: seedDate };
const oreshnik: PageInput = { path: "oreshnik.txt", text: oreshnikPageText(), date: seedDate };

/** The store, with every change its writes apply kept in `written`. */
function recording(store: WritableStore) {
  const written: StoreChanges[] = [];
  const write: WritableStore["write"] = (change) =>
    store.write(async (current) => {
      const changes = await change(current);
      written.push(changes);
      return changes;
    });
  return { store: Object.assign(Object.create(store) as WritableStore, { write }), written };
}

const idOf = (data: StoreData, headline: string) =>
  data.articles.find((article) => article.headline === headline)!.id;

describe(`the ${backendName} store`, () => {
  it("holds exactly data/db.json after the seed page is ingested into it empty", async () => {
    const { store } = await emptyStore();
    await ingestPages(store, [seed]);
    expect(await store.snapshot()).toEqual(await embeddedData());
  });

  it("writes only the upgraded Oreshnik story, its new box and the edges that changed", async () => {
    const { store, written } = recording(await seededStore());
    const before = await store.snapshot();
    const summary = await ingestPages(store, [oreshnik]);
    expect(summary).toMatchObject({ added: 0, upgraded: 1, unchanged: 1, written: true });
    const [changes] = written;
    const oreshnikId = idOf(before, seedPage().readMore[0]!.headline);
    expect(changes!.articles.map((a) => a.id)).toEqual([oreshnikId]);
    expect(changes!.editorialLinks.map((l) => l.fromId)).toEqual([oreshnikId]);
    expect(changes!.topics).toEqual([]);
    expect(changes!.people).toEqual([]);
    // The upgraded story now mentions more, so its own edges change; not every article's do.
    expect(changes!.relatedEdges.map((e) => e.fromId)).toContain(oreshnikId);
  });

  it("computes the upgraded story's edges, and those pointing at it, as a full pass does", async () => {
    const store = await seededStore();
    await ingestPages(store, [oreshnik]);
    const data = await store.snapshot();
    const reference = computeRelated(data.articles, data.editorialLinks);
    const oreshnikId = idOf(data, seedPage().readMore[0]!.headline);
    const mainId = idOf(data, seedPage().headline);
    const of = (edges: StoreData["relatedEdges"], id: string) =>
      edges.filter((e) => e.fromId === id);
    expect(of(data.relatedEdges, oreshnikId)).toEqual(of(reference, oreshnikId));
    const toOreshnik = (edges: StoreData["relatedEdges"]) =>
      of(edges, mainId).find((e) => e.toId === oreshnikId);
    expect(toOreshnik(data.relatedEdges)).toEqual(toOreshnik(reference));
    expect(toOreshnik(data.relatedEdges)!.reasons).toContainEqual({
      kind: "SHARED_PERSON",
      personId: "vladimir-putin",
    });
  });

  it("holds, after the pages one at a time and a rebuild, the full pass's edges, as the JSON store does", async () => {
    const ingestAndRebuild = async (store: WritableStore) => {
      await ingestPages(store, [seed]);
      await ingestPages(store, [oreshnik]);
      const edges = await store.rebuildRelated(relatedLists);
      return { edges, data: await store.snapshot() };
    };
    const { store } = await emptyStore();
    const generation = store.generation;
    const { edges, data } = await ingestAndRebuild(store);
    expect(store.generation).toBeGreaterThan(generation);
    expect(data.relatedEdges).toEqual(computeRelated(data.articles, data.editorialLinks));
    expect(edges).toBe(data.relatedEdges.length);
    const json = await ingestAndRebuild(await LowdbStore.open(join(await tempDir(), "db.json")));
    expect(data).toEqual(json.data);
  });

  it("moves its generation on a write, and not on a write that changes nothing", async () => {
    const { store } = await emptyStore();
    const start = store.generation;
    await ingestPages(store, [seed]);
    const afterSeed = store.generation;
    expect(afterSeed).toBeGreaterThan(start);
    expect((await ingestPages(store, [seed])).written).toBe(false);
    expect(store.generation).toBe(afterSeed);
  });

  it("logs a page's new stories as published, with the topics, people, box and edges it brought", async () => {
    const { store } = await emptyStore();
    const start = store.changeCounter;
    await ingestPages(store, [seed]);
    const data = await embeddedData();
    const entries = (await store.changesSince(start))!;
    expect(entries.map((entry) => entry.kind)).toEqual([
      "published",
      "topic",
      "person",
      "editorial",
      "related",
    ]);
    const [published] = entries;
    expect(published!.ids.sort()).toEqual(data.articles.map((article) => article.id).sort());
    expect(entries.find((e) => e.kind === "person")!.ids).toContain("vladimir-putin");
    const counters = entries.map((entry) => entry.counter);
    expect(counters).toEqual([...counters].sort((a, b) => a - b));
    expect(counters[0]).toBeGreaterThan(start);
    expect(counters.at(-1)).toBe(store.changeCounter);
    expect(await store.changesSince(store.changeCounter)).toEqual([]);
  });

  it("logs an upgraded teaser as a changed article, not a published one, and a no-op not at all", async () => {
    const store = await seededStore();
    const oreshnikId = idOf(await store.snapshot(), seedPage().readMore[0]!.headline);
    const start = store.changeCounter;
    await ingestPages(store, [oreshnik]);
    const entries = (await store.changesSince(start))!;
    const kinds = entries.map((entry) => entry.kind);
    expect(kinds).not.toContain("published");
    expect(entries.find((e) => e.kind === "article")!.ids).toEqual([oreshnikId]);
    expect(entries.find((e) => e.kind === "editorial")!.ids).toEqual([oreshnikId]);
    expect(entries.find((e) => e.kind === "related")!.ids).toContain(oreshnikId);
    const after = store.changeCounter;
    await ingestPages(store, [oreshnik]);
    expect(store.changeCounter).toBe(after);
    expect(await store.changesSince(after)).toEqual([]);
  });

  it("keeps everything as it was when a write's change fails", async () => {
    const store = await seededStore();
    const before = await store.snapshot();
    const generation = store.generation;
    await expect(
      store.write(async () => {
        throw new Error("the page could not be read");
      }),
    ).rejects.toThrow("the page could not be read");
    expect(await store.snapshot()).toEqual(before);
    expect(store.generation).toBe(generation);
    expect(await store.changesSince(store.changeCounter)).toEqual([]);
  });

  it("tells a writer each related list's floor, the editorial edges left out, without the list", async () => {
    const store = await seededStore();
    const data = await embeddedData();
    const mainId = idOf(data, seedPage().headline);
    const ids = [mainId, ...data.articles.map((a) => a.id).filter((id) => id !== mainId)];
    await store.write(async (view) => {
      const [floors, lists] = [
        await view.relatedFloors([...ids, "no-such-id"]),
        await view.relatedEdges(ids),
      ];
      // The main story's read-more box puts four editorial edges on top of its computed ones.
      const mainComputed = lists[0]!.filter((edge) => edge.reasons[0]?.kind !== "EDITORIAL");
      expect(lists[0]!.length - mainComputed.length).toBe(4);
      expect(floors[0]).toEqual({
        computed: mainComputed.length,
        lowest: Math.min(...mainComputed.map((edge) => edge.score)),
      });
      expect(floors.slice(1, -1)).toEqual(lists.slice(1).map(relatedFloorOf));
      expect(floors.at(-1)).toEqual({ computed: 0, lowest: Infinity });
      return { articles: [], topics: [], people: [], editorialLinks: [], relatedEdges: [] };
    });
  });

  it("answers lookups in the order asked, with undefined for a miss", async () => {
    const store = await seededStore();
    const data = await embeddedData();
    const [first, second] = data.articles;
    const found = await store.articlesByIds(["no-such-id", second!.id, first!.id]);
    expect(found.map((article) => article?.headline)).toEqual([
      undefined,
      second!.headline,
      first!.headline,
    ]);
    const people = await store.peopleBySlugs(["vladimir-putin", "nobody"]);
    expect(people.map((person) => person?.nameEn)).toEqual(["Vladimir Putin", undefined]);
  });

  it("lists the two stories Putin appears in, newest first then by id, with their total", async () => {
    const store = await seededStore();
    const [page] = await store.articlePages([
      {
        filter: { personId: "vladimir-putin" },
        order: "PUBLISHED_AT_DESC",
        limit: 10,
        inverted: false,
      },
    ]);
    expect(page!.totalCount).toBe(2);
    expect(new Set(page!.items.map((article) => article.headline))).toEqual(
      new Set([seedPage().headline, seedPage().readMore[0]!.headline]),
    );
    const [newer, older] = page!.items;
    const key = (article: typeof newer) => `${article!.publishedAt} ${article!.id}`;
    expect(key(newer) > key(older)).toBe(true);
  });
});
