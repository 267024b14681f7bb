/**
 * What only a real PostgreSQL server can prove: several processes and pools on one database.
 * They run when TEST_DATABASE_URL names a server (.ci/run starts one); PGlite is one connection
 * in one process, so without a server they are skipped.
 */
import { describe, expect, it } from "vitest";
import { writeCorpusToDatabase } from "../src/corpus/database.js";
import { generateCorpus } from "../src/corpus/generate.js";
import { ingestPages } from "../src/ingest/ingest.js";
import { openPostgresStore } from "../src/store/open.js";
import { followChanges } from "../src/store/postgres/change-feed.js";
import { migrate, MIGRATIONS } from "../src/store/postgres/migrate.js";
import { createPool } from "../src/store/postgres/pool.js";
import { freshServerDatabase } from "./backends.js";
import { runScript, startServer } from "./helpers.js";
import {
  oreshnikPagePath,
  oreshnikPageText,
  seedDate,
  seedPath,
  seedText,
} from "./ingest-fixtures.js";

const serverUrl = process.env.TEST_DATABASE_URL;

/** Runs `npm run ingest -- --date … page` against the database at `url`. */
const ingest = (url: string, page: string) =>
  runScript("src/ingest/cli.ts", ["--date", seedDate, page], { NEWS_DB: url });

describe.runIf(serverUrl)("on a PostgreSQL server", () => {
  it("streams a generated corpus in: the JSON generator's articles, boxes and edges exactly, counted and searchable", async () => {
    const url = await freshServerDatabase(serverUrl!);
    await writeCorpusToDatabase(url, { articles: 300 }, () => undefined, 100);
    const store = await openPostgresStore(createPool(url));
    try {
      const corpus = generateCorpus({ articles: 300 });
      expect(await store.snapshot()).toEqual(corpus);
      const withPutin = corpus.articles.filter((a) =>
        a.people.some((p) => p.id === "vladimir-putin"),
      );
      const [all, putin] = await store.articlePages(
        [{}, { personId: "vladimir-putin" }].map((filter) => ({
          filter,
          order: "PUBLISHED_AT_DESC" as const,
          limit: 1,
          inverted: false,
        })),
      );
      expect([all!.totalCount, putin!.totalCount]).toEqual([300, withPutin.length]);
      const [found] = await store.search([{ text: "بوتين", filter: {}, offset: 0, limit: 10 }]);
      expect(found!.hits.length).toBe(10);
      for (const hit of found!.hits) expect(JSON.stringify(hit.article)).toContain("بوتين");
    } finally {
      await store.db.end();
    }
  }, 120_000);

  it("finishes a corpus run that stopped after its first batch, to the same corpus", async () => {
    const url = await freshServerDatabase(serverUrl!);
    await writeCorpusToDatabase(url, { articles: 300 }, () => undefined, 100);
    const db = createPool(url);
    // What a run stopped after its first batch's commit leaves: one transaction per batch.
    await db.query(
      `DELETE FROM articles WHERE id IN (SELECT article_id FROM corpus_articles WHERE index >= 100);
       DELETE FROM corpus_articles WHERE index >= 100;
       DELETE FROM editorial_links;
       UPDATE corpus_progress SET phase = 'articles'`,
    );
    await writeCorpusToDatabase(url, { articles: 300 }, () => undefined, 100);
    const store = await openPostgresStore(db);
    try {
      expect(await store.snapshot()).toEqual(generateCorpus({ articles: 300 }));
      await expect(writeCorpusToDatabase(url, { articles: 301 }, () => undefined)).rejects.toThrow(
        "this database holds a corpus of 300 articles, seed 1",
      );
    } finally {
      await db.end();
    }
  }, 120_000);

  it("lands two ingests run at once by two processes, as if one ran after the other", async () => {
    const url = await freshServerDatabase(serverUrl!);
    const runs = await Promise.all([ingest(url, seedPath), ingest(url, oreshnikPagePath)]);
    expect(runs.map((run) => [run.status, run.stderr])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const together = await openPostgresStore(createPool(url));
    const oneByOne = await openPostgresStore(createPool(await freshServerDatabase(serverUrl!)));
    await ingestPages(oneByOne, [{ text: seedText(), date: seedDate }]);
    await ingestPages(oneByOne, [{ text: oreshnikPageText(), date: seedDate }]);
    expect(await together.snapshot()).toEqual(await oneByOne.snapshot());
    await Promise.all([together.db.end(), oneByOne.db.end()]);
  });

  it("applies the migrations once when three replicas start together", async () => {
    const url = await freshServerDatabase(serverUrl!);
    const pools = [createPool(url), createPool(url), createPool(url)];
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(applied.flat().sort()).toEqual(Object.keys(MIGRATIONS).sort());
      const { rows } = await pools[0]!.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM schema_migrations",
      );
      expect(rows[0]!.n).toBe(Object.keys(MIGRATIONS).length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("moves a replica to another process's ingest within a second of its commit", async () => {
    const url = await freshServerDatabase(serverUrl!);
    const db = createPool(url);
    const replica = await openPostgresStore(db);
    let movedAt: number | undefined;
    const feed = followChanges(
      db,
      replica,
      () => (movedAt ??= Date.now()),
      () => undefined,
    );
    try {
      // Let the listener connect before the write it must hear of.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const run = await ingest(url, seedPath);
      const exitedAt = Date.now();
      expect(run.status).toBe(0);
      while (movedAt === undefined && Date.now() - exitedAt < 1_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(movedAt).toBeDefined();
      expect(movedAt! - exitedAt).toBeLessThan(1_000);
      // The NOTIFY it heard announced the counter it has moved to: nothing left behind.
      expect(feed.lag().changesBehind).toBe(0);
      expect(feed.lag().secondsSinceCaughtUp).toBeLessThan(1);
      const [main] = await replica.peopleBySlugs(["vladimir-putin"]);
      expect(main?.nameEn).toBe("Vladimir Putin");
    } finally {
      feed.stop();
      await db.end();
    }
  });

  it("gives up on a query the server does not answer in time, on the client's clock", async () => {
    const pool = createPool(serverUrl!, { NEWS_DB_QUERY_TIMEOUT_MS: "300" });
    try {
      const started = Date.now();
      await expect(pool.query("SELECT pg_sleep(5)")).rejects.toThrow(/timeout|statement/i);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await pool.end();
    }
  });

  it("serves the API, its health and its metrics from the database, printing its URL without the password", async () => {
    const url = new URL(await freshServerDatabase(serverUrl!));
    url.password = "not-to-be-printed";
    const seeded = await ingest(url.toString(), seedPath);
    expect(seeded.stdout).not.toContain("not-to-be-printed");
    const server = await startServer({ NEWS_DB: url.toString(), METRICS_PORT: "0" });
    try {
      expect(server.output()).toContain(":***@");
      expect(server.output()).not.toContain("not-to-be-printed");
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: '{ person(slug: "vladimir-putin") { articles { totalCount } } }',
        }),
      });
      expect(await response.json()).toMatchObject({
        data: { person: { articles: { totalCount: 2 } } },
      });
      const origin = new URL(server.url).origin;
      for (const check of ["live", "ready"]) {
        const health = await fetch(`${origin}/health/${check}`);
        expect([health.status, await health.text()]).toEqual([200, check]);
      }
      // The pool holds the change feed's listener and the query's connection; the replica serves
      // the ingest's change counter, and no announced change is left to apply.
      const metricsUrl = server.output().match(/Metrics at (\S+)/)![1]!;
      const metrics = await (await fetch(metricsUrl)).text();
      const gauge = (name: string) =>
        Number(metrics.match(new RegExp(`^${name} (\\S+)$`, "m"))![1]);
      expect(gauge("news_db_pool_connections")).toBeGreaterThanOrEqual(2);
      expect(gauge("news_store_generation")).toBeGreaterThan(0);
      expect(gauge("news_change_feed_changes_behind")).toBe(0);
    } finally {
      server.child.kill();
    }
  });
});
