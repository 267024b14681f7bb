/**
 * tsx bench/store-write.ts STORE.json [RUNS]
 *
 * How long one store write takes at this size: opens a copy of the store with LowdbStore and
 * times `replace` with the data it already holds (lowdb rewrites the whole file, then the
 * indexes are rebuilt), RUNS times, and the index rebuild alone. Prints one JSON line. Run by bench/scale.ts, one process
 * per store, so one size's heap does not weigh on the next.
 */
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LowdbStore } from "../src/store/lowdb.js";
import { MemoryStore } from "../src/store/memory.js";

const [source, runsArg = "3"] = process.argv.slice(2);
if (!source) throw new Error("usage: tsx bench/store-write.ts STORE.json [RUNS]");

const dir = await mkdtemp(join(tmpdir(), "news-store-write-"));
const path = join(dir, "store.json");
try {
  await copyFile(source, path);
  const fileBytes = (await stat(path)).size;
  let result: Record<string, unknown>;
  try {
    let started = performance.now();
    const store = await LowdbStore.open(path);
    const openMs = performance.now() - started;
    const data = await store.snapshot();
    const replaceMs: number[] = [];
    for (let run = 0; run < Number(runsArg); run++) {
      started = performance.now();
      await store.replace(data);
      replaceMs.push(performance.now() - started);
    }
    // The part of a replace that is not the file: rebuilding the indexes from the same data.
    started = performance.now();
    new MemoryStore(data);
    const indexMs = performance.now() - started;
    result = {
      articles: data.articles.length,
      fileBytes,
      writtenBytes: (await stat(path)).size,
      openMs,
      replaceMs,
      indexMs,
    };
  } catch (error) {
    result = { fileBytes, error: String(error) };
  }
  console.log(JSON.stringify(result));
} finally {
  await rm(dir, { recursive: true, force: true });
}
