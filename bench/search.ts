/**
 * Search at scale: for each store given, how long until search is ready (building and saving
 * the index, then loading it as a restarted server does), the longest the event loop waited
 * meanwhile, the index's memory, and the latency of typical queries, with the ratio of the
 * largest store's p50 to the smallest's. A store is a JSON file, or `corpus:N` for a corpus of N
 * articles generated in memory (a 100k store's JSON is too long for one string).
 * Usage: node --expose-gc --import tsx bench/search.ts STORE.json|corpus:N …
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { generateContent } from "../src/corpus/generate.js";
import type { StoreData } from "../src/store/records.js";
import { ArticleSearch } from "../src/text/article-search.js";

const QUERIES: [string, string][] = [
  ["person", "بوتين"],
  ["place", "أوكرانيا"],
  ["two words", "كوريا الشمالية"],
  ["phrase", '"دعم غير مشروط"'],
  ["prefixed", "بصاروخ"],
  ["common word", "الرئيس"],
];
const RUNS = 50;
/** Runs per query before measuring, so the JIT has compiled the search path. */
const WARM_UP = 20;

const firstPage = (text: string) => [{ text, filter: {}, offset: 0, limit: 20 }];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const GENERATED = /^corpus:(\d+)$/;

async function load(source: string): Promise<{ data: StoreData; fileMb: number }> {
  const generated = source.match(GENERATED);
  if (generated) return { data: generateContent({ articles: Number(generated[1]) }), fileMb: NaN };
  const data = JSON.parse(await readFile(source, "utf8")) as StoreData;
  return { data, fileMb: (await stat(source)).size / 2 ** 20 };
}

/**
 * Memory held now, after full collections: JS heap, and typed arrays' buffers outside it. The
 * pause lets V8 release the buffers of arrays collected just before.
 */
async function memory() {
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    await sleep(100);
  }
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, rss };
}

/** The time the first search takes on a fresh ArticleSearch, and the event loop's longest wait. */
async function firstSearch(data: StoreData, cacheFile: string) {
  const search = new ArticleSearch(data, { cacheFile });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await search.search(firstPage("بوتين"));
  const readyMs = performance.now() - started;
  delay.disable();
  return { search, readyMs, stallMs: delay.max / 1e6 };
}

async function latencies(search: ArticleSearch) {
  const rows = new Map<string, { hits: number; p50: number; p99: number }>();
  for (const [label, text] of QUERIES) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < WARM_UP; i++) {
      await search.search(firstPage(text));
    }
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const [result] = await search.search(firstPage(text));
      times.push(performance.now() - t);
      hits = result!.totalCount;
    }
    times.sort((a, b) => a - b);
    rows.set(label, { hits, p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
  }
  return rows;
}

async function measure(source: string) {
  const { data, fileMb } = await load(source);
  const dir = await mkdtemp(join(tmpdir(), "search-bench-"));
  const cacheFile = join(dir, "db.json.search");
  try {
    const before = await memory();
    const { readyMs, stallMs } = await firstSearch(data, cacheFile);
    const built = { readyMs, stallMs };
    const cacheMb = (await stat(cacheFile)).size / 2 ** 20;
    const loaded = await firstSearch(data, cacheFile);
    const after = await memory();
    const rows = await latencies(loaded.search);
    return { articles: data.articles.length, fileMb, cacheMb, built, loaded, before, after, rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The machine is shared: its load says how much other jobs may have slowed the figures. */
const loadAverage = () => loadavg()[0]!.toFixed(1);

console.log(
  `node ${process.version}, ${RUNS} runs per query once search is ready, load average ${loadAverage()} at the start\n`,
);
console.log(
  "| articles | store file MB | ready: build + save s | longest event-loop wait ms | ready: load saved s | longest wait ms | cache file MB | index heap MB | index buffers MB | process RSS MB |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
const results = [];
for (const source of process.argv.slice(2)) {
  const r = await measure(source);
  results.push(r);
  console.log(
    `| ${r.articles} | ${Number.isNaN(r.fileMb) ? "generated" : r.fileMb.toFixed(1)} | ${(r.built.readyMs / 1000).toFixed(2)} | ${ms(r.built.stallMs)} | ${(r.loaded.readyMs / 1000).toFixed(2)} | ${ms(r.loaded.stallMs)} | ${r.cacheMb.toFixed(1)} | ${mb(r.after.heapUsed - r.before.heapUsed)} | ${mb(r.after.arrayBuffers - r.before.arrayBuffers)} | ${mb(r.after.rss)} |`,
  );
}
for (const r of results) {
  console.log(
    `\n${r.articles} articles\n| query | text | hits | p50 ms | p99 ms |\n|---|---|---|---|---|`,
  );
  for (const [label, text] of QUERIES) {
    const row = r.rows.get(label)!;
    console.log(`| ${label} | ${text} | ${row.hits} | ${ms(row.p50)} | ${ms(row.p99)} |`);
  }
}
const [smallest, largest] = [results[0], results[results.length - 1]];
if (smallest && largest && smallest !== largest) {
  console.log(
    `\np50 at ${largest.articles} ÷ p50 at ${smallest.articles} articles\n| query | ratio |\n|---|---|`,
  );
  for (const [label] of QUERIES) {
    const ratio = largest.rows.get(label)!.p50 / smallest.rows.get(label)!.p50;
    console.log(`| ${label} | ${ratio.toFixed(2)}× |`);
  }
}
console.log(`\nload average ${loadAverage()} at the end`);
