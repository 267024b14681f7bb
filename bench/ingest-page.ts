/**
 * tsx bench/ingest-page.ts STORE [--load CORPUS.json]
 *
 * One page's ingest into a store of some size, timed in the process, store opening excluded: the
 * page is tests/fixtures/oreshnik_page.txt, which upgrades a seed story every generated corpus
 * holds and replaces its box, so its neighbourhood (Putin, Russia, Ukraine) is among the largest.
 * STORE is a JSON store file, ingested into a copy of it, or a postgres:// URL; with --load the
 * corpus file is first written into the database whole (not timed). Runs on any checkout that has
 * ingestPages and the two stores, so the same script times the code before and after a change.
 * Prints one line.
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestPages } from "../src/ingest/ingest.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { openPostgresStore } from "../src/store/open.js";
import { createPool } from "../src/store/postgres/pool.js";
import { oreshnikPageText, seedDate } from "../tests/ingest-fixtures.js";

const [target, flag, corpus] = process.argv.slice(2);
if (!target || (flag !== undefined && (flag !== "--load" || !corpus))) {
  throw new Error("usage: tsx bench/ingest-page.ts STORE [--load CORPUS.json]");
}

const page = { path: "oreshnik_page.txt", text: oreshnikPageText(), date: seedDate };

async function timeIngest(store: Parameters<typeof ingestPages>[0]): Promise<string> {
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const summary = await ingestPages(store, [page]);
  const ms = performance.now() - started;
  const cpuMs = process.cpuUsage(cpu).user / 1000;
  const rss = process.memoryUsage().rss / 1e6;
  return `${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms, RSS ${rss.toFixed(0)} MB), written ${summary.written}`;
}

if (target.startsWith("postgres")) {
  const db = createPool(target);
  try {
    const store = await openPostgresStore(db);
    if (corpus) await store.replace(await (await LowdbStore.open(corpus)).snapshot());
    console.log(`postgres ${target.replace(/.*\//, "")}: ${await timeIngest(store)}`);
  } finally {
    await db.end();
  }
} else {
  const dir = await mkdtemp(join(tmpdir(), "news-ingest-page-"));
  try {
    const path = join(dir, "db.json");
    await copyFile(target, path);
    const store = await LowdbStore.open(path);
    console.log(`json ${target}: ${await timeIngest(store)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
