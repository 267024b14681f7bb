/**
 * tsx bench/store-write.ts STORE.json [RUNS]
 *
 * How long one store write takes at this size: opens a copy of the store with LowdbStore, times
 * `reload` (what a running server does after an ingest wrote the file), then `replace` with the
 * data it already holds (lowdb rewrites the whole file, then the indexes are rebuilt), RUNS
 * times, and the in-memory rebuild alone. Prints one JSON line. Run by bench/scale.ts, one process
 * per store, so one size's heap does not weigh on the next.
 */
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { MemoryStore } from "../src/store/json/memory.js";

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
    // What a running server does when another process (an ingest) wrote the file: reload it.
    // First, while the process holds what a server holds (the store alone): the snapshot taken
    // for the writes below would double the heap, and the collector's pauses with it.
    const reloadDelay = monitorEventLoopDelay({ resolution: 10 });
    reloadDelay.enable();
    started = performance.now();
    await store.reload();
    const reloadMs = performance.now() - started;
    await sleep(50);
    reloadDelay.disable();
    const reloadStallMs = reloadDelay.max / 1e6;
    const data = await store.snapshot();
    const replaceMs: number[] = [];
    // The longest the event loop stood still during a write: how long a read that arrived
    // meanwhile would have waited in a server (JSON.stringify and the index rebuild are
    // partly synchronous).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    for (let run = 0; run < Number(runsArg); run++) {
      started = performance.now();
      await store.replace(data);
      replaceMs.push(performance.now() - started);
    }
    // The monitor records a stall when its timer next runs: let it.
    await sleep(50);
    loopDelay.disable();
    const longestStallMs = loopDelay.max / 1e6;
    // The part of a replace that is not the file: the related lines and indexes from the data.
    started = performance.now();
    new MemoryStore(data);
    const indexMs = performance.now() - started;
    result = {
      articles: data.articles.length,
      fileBytes,
      writtenBytes: (await stat(path)).size,
      openMs,
      replaceMs,
      longestStallMs,
      reloadMs,
      reloadStallMs,
      indexMs,
    };
  } catch (error) {
    result = { fileBytes, error: String(error) };
  }
  console.log(JSON.stringify(result));
} finally {
  await rm(dir, { recursive: true, force: true });
}
