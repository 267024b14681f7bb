/** The PostgreSQL schema: built by migrations from nothing, and from the first one with data in it. */
import { describe, expect, it } from "vitest";
import { openPostgresStore } from "../src/store/open.js";
import { ingestPages } from "../src/ingest/ingest.js";
import {
  MIGRATIONS,
  migrate,
  REQUIRED_MIGRATION,
  schemaProblem,
} from "../src/store/postgres/migrate.js";
import { PostgresStore } from "../src/store/postgres/store.js";
import type { StoreData } from "../src/store/records.js";
import type { ArticleFilter, WritableStore } from "../src/store/store.js";
import type { Queryable } from "../src/store/postgres/db.js";
import { articleRow } from "../src/store/postgres/rows.js";
import { embeddedData, freshDb } from "./backends.js";
import { oreshnikPageText, seedDate, seedText } from "./ingest-fixtures.js";

/** The entity counts kept by writes, and the same counted afresh from the data. */
async function keptAndRecounted(db: Queryable) {
  const kept = await db.query(
    "SELECT kind, entity_id, count::int AS articles FROM article_counts WHERE count > 0 ORDER BY kind, entity_id",
  );
  const recounted = await db.query(
    `SELECT kind, entity_id, articles FROM (
       SELECT kind, entity_id, count(*)::int AS articles FROM article_mentions GROUP BY 1, 2
       UNION ALL SELECT 'all', '', count(*)::int FROM articles) c
     ORDER BY kind, entity_id`,
  );
  return { kept: kept.rows, recounted: recounted.rows };
}

const [FIRST] = Object.keys(MIGRATIONS).sort();

describe("migrations", () => {
  it("build the schema on an empty database, once, and readiness then holds", async () => {
    const db = await freshDb();
    try {
      expect(await schemaProblem(db)).toMatch(/no migration.*npm run db:migrate/);
      expect(await migrate(db)).toEqual(Object.keys(MIGRATIONS).sort());
      expect(await migrate(db)).toEqual([]);
      expect(await schemaProblem(db)).toBeUndefined();
    } finally {
      await db.end();
    }
  });

  it("carry a database at the first migration with an article in it: kept, indexed, searchable", async () => {
    const db = await freshDb();
    try {
      expect(await migrate(db, FIRST)).toEqual([FIRST]);
      expect(await schemaProblem(db)).toContain(`needs ${REQUIRED_MIGRATION}`);
      const main = (await embeddedData()).articles.find((a) => a.body.length > 0)!;
      // Written as a release at the first migration would have: no search terms yet.
      await db.query(
        "INSERT INTO articles SELECT * FROM jsonb_populate_record(null::articles, $1)",
        [JSON.stringify(articleRow(main))],
      );
      const store = await openPostgresStore(db);
      expect(await schemaProblem(db)).toBeUndefined();
      expect((await store.articlesByIds([main.id]))[0]).toEqual(main);
      // No mentions were written at the first migration: the article alone is counted.
      const { kept, recounted } = await keptAndRecounted(db);
      expect(kept).toEqual(recounted);
      const [result] = await store.search([{ text: "بوتين", filter: {}, offset: 0, limit: 10 }]);
      expect(result!.hits.map((hit) => hit.article.headline)).toEqual([main.headline]);
    } finally {
      await db.end();
    }
  });

  it("count the articles a database from before article_counts holds, and keep every total exact through writes", async () => {
    const db = await freshDb();
    try {
      // The migration before 0007, so that this code's writes fit the schema they land in.
      await migrate(db, "0006-headline-keys");
      const data = await embeddedData();
      await (await PostgresStore.open(db)).replace(data);
      const store = await openPostgresStore(db);
      expect(await totals(store)).toEqual(expectedTotals(data));

      // Putin's story loses its people: the person's total drops, the archive's stays.
      const [main] = data.articles.filter((a) => a.people.some((p) => p.id === "vladimir-putin"));
      const changed = { ...main!, people: [] };
      await store.write(async () => ({ ...noChanges(), articles: [changed] }));
      const written = {
        ...data,
        articles: data.articles.map((a) => (a.id === main!.id ? changed : a)),
      };
      expect(await totals(store)).toEqual(expectedTotals(written));

      // A replace truncates and writes again: two articles are left, and so are the counts.
      const smaller = {
        ...data,
        articles: data.articles.slice(0, 2),
        editorialLinks: [],
        relatedEdges: [],
      };
      await store.replace(smaller);
      expect(await totals(store)).toEqual(expectedTotals(smaller));
    } finally {
      await db.end();
    }
  });

  it("refuse a write that breaks the schema's rules, leaving nothing of it", async () => {
    const db = await freshDb();
    try {
      const store = await openPostgresStore(db);
      const [good] = (await embeddedData()).articles;
      const bad = { ...good!, id: "bad", slug: "bad", publishedAt: "9 January 2026" };
      const write = store.write(async () => ({
        articles: [good!, bad],
        topics: [],
        people: [],
        editorialLinks: [],
        relatedEdges: [],
      }));
      await expect(write).rejects.toThrow(/articles_published_at_check/);
      expect((await store.snapshot()).articles).toEqual([]);
    } finally {
      await db.end();
    }
  });

  it("keep each entity's article count as pages are ingested and stories upgraded", async () => {
    const db = await freshDb();
    try {
      const store = await openPostgresStore(db);
      await ingestPages(store, [{ text: seedText(), date: seedDate }]);
      await ingestPages(store, [{ text: oreshnikPageText(), date: seedDate }]);
      const { kept, recounted } = await keptAndRecounted(db);
      expect(kept).toEqual(recounted);
      expect(kept).toContainEqual({ kind: "person", entity_id: "vladimir-putin", articles: 2 });
    } finally {
      await db.end();
    }
  });
});

const noChanges = () => ({
  articles: [],
  topics: [],
  people: [],
  editorialLinks: [],
  relatedEdges: [],
});

/** Every list whose total article_counts keeps: all articles, each topic's, each person's. */
const keptFilters = (data: StoreData): [string, ArticleFilter][] => [
  ["all", {}],
  ...data.topics.map((t): [string, ArticleFilter] => [`topic ${t.id}`, { topicId: t.id }]),
  ...data.people.map((p): [string, ArticleFilter] => [`person ${p.id}`, { personId: p.id }]),
];

/** Each kept list's totalCount as the store answers it. */
async function totals(store: WritableStore): Promise<Record<string, number>> {
  const data = await store.snapshot();
  const filters = keptFilters(data);
  const pages = await store.articlePages(
    filters.map(([, filter]) => ({
      filter,
      order: "PUBLISHED_AT_DESC",
      limit: 1,
      inverted: false,
    })),
  );
  return Object.fromEntries(filters.map(([name], i) => [name, pages[i]!.totalCount]));
}

/** Each kept list's total counted from the data itself. */
function expectedTotals(data: StoreData): Record<string, number> {
  return Object.fromEntries(
    keptFilters(data).map(([name, { topicId, personId }]) => [
      name,
      data.articles.filter(
        (a) =>
          (topicId === undefined || a.topics.some((m) => m.id === topicId)) &&
          (personId === undefined || a.people.some((m) => m.id === personId)),
      ).length,
    ]),
  );
}
