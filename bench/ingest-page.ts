/**
 * tsx bench/ingest-page.ts NEWS_DB
 *
 * How long ingesting one page takes into the store NEWS_DB names (a JSON file or a postgres://
 * URL), process start-up excluded: the Oreshnik fixture page (it upgrades one of the seed's
 * teasers and adds its own box), through the ingest's own ingestPages. The store is left as it
 * was: a JSON store is copied first; on PostgreSQL the write's transaction is rolled back where
 * it would commit, so all of its work but the commit is timed. Prints one JSON line. Run by
 * bench/scale.ts, one process per store.
 */
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestPages } from "../src/ingest/ingest.js";
import { openStore, openPostgresStore } from "../src/store/open.js";
import type { Db, DbClient } from "../src/store/postgres/db.js";
import { createPool, isDatabaseUrl } from "../src/store/postgres/pool.js";
import type { WritableStore } from "../src/store/store.js";
import { repoRoot } from "./process.js";

const [target] = process.argv.slice(2);
if (!target) throw new Error("usage: tsx bench/ingest-page.ts NEWS_DB");

const page = {
  path: "tests/fixtures/oreshnik_page.txt",
  text: await readFile(join(repoRoot, "tests/fixtures/oreshnik_page.txt"), "utf8"),
  date: "2026-01-10",
};

/** A pool whose transactions roll back where they would commit. */
function rollingBack(db: Db): Db {
  return {
    query: (sql, params) => db.query(sql, params),
    connect: async (): Promise<DbClient> => {
      const client = await db.connect();
      return {
        query: (sql, params) => client.query(sql === "COMMIT" ? "ROLLBACK" : sql, params),
        release: (error) => client.release(error),
      };
    },
    end: () => db.end(),
  };
}

/** The store to ingest into, and what undoes the ingest once it is timed. */
async function openTarget(): Promise<{ store: WritableStore; close: () => Promise<void> }> {
  if (isDatabaseUrl(target!)) {
    // A write at 1M articles may take minutes: no client-side timeout here.
    const db = rollingBack(createPool(target!, { NEWS_DB_QUERY_TIMEOUT_MS: "3600000" }));
    return { store: await openPostgresStore(db), close: () => db.end() };
  }
  const dir = await mkdtemp(join(tmpdir(), "news-ingest-page-"));
  const path = join(dir, "store.json");
  await copyFile(target!, path);
  const opened = await openStore({ writer: true, env: { NEWS_DB: path } });
  return {
    store: opened.store,
    close: async () => {
      await opened.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const { store, close } = await openTarget();
try {
  const started = performance.now();
  const summary = await ingestPages(store, [page]);
  const ingestMs = performance.now() - started;
  const { refused, pagesRead, written, ...outcomes } = summary;
  console.log(JSON.stringify({ ingestMs, outcomes, refused: refused.length, written }));
} finally {
  await close();
}
