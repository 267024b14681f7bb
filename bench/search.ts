/**
 * Search at scale: for each store given, the time and memory to build the index, and the
 * latency of typical queries. Prints a table. A store is a JSON file, or `corpus:N` for a corpus
 * of N articles generated in memory (a 100k store's JSON is too long for one string).
 * Usage: node --expose-gc --import tsx bench/search.ts STORE.json|corpus:N …
 */
import { readFile, stat } from "node:fs/promises";
import { generateContent } from "../src/corpus/generate.js";
import { MemoryStore } from "../src/store/memory.js";
import type { StoreData } from "../src/store/records.js";

const QUERIES: [string, string][] = [
  ["person", "بوتين"],
  ["place", "أوكرانيا"],
  ["two words", "كوريا الشمالية"],
  ["phrase", '"دعم غير مشروط"'],
  ["prefixed", "بصاروخ"],
  ["common word", "الرئيس"],
];
const RUNS = 30;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);

const GENERATED = /^corpus:(\d+)$/;

async function load(source: string): Promise<{ data: StoreData; fileMb: number }> {
  const generated = source.match(GENERATED);
  if (generated) return { data: generateContent({ articles: Number(generated[1]) }), fileMb: NaN };
  const data = JSON.parse(await readFile(source, "utf8")) as StoreData;
  return { data, fileMb: (await stat(source)).size / 2 ** 20 };
}

async function measure(source: string) {
  const { data, fileMb } = await load(source);
  const store = new MemoryStore(data);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  await store.search([{ text: "بوتين", filter: {}, offset: 0, limit: 20 }]);
  const buildMs = performance.now() - started;
  global.gc?.();
  const indexMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const rows: string[] = [];
  for (const [label, text] of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const [result] = await store.search([{ text, filter: {}, offset: 0, limit: 20 }]);
      times.push(performance.now() - t);
      total = result!.totalCount;
    }
    times.sort((a, b) => a - b);
    rows.push(
      `| ${label} | ${text} | ${total} | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.99))} |`,
    );
  }
  return { articles: data.articles.length, fileMb, buildMs, indexMb, rows };
}

console.log(`node ${process.version}, ${RUNS} runs per query after the index is built\n`);
console.log("| articles | store file MB | index build ms | index heap MB |\n|---|---|---|---|");
const results = [];
for (const path of process.argv.slice(2)) {
  const r = await measure(path);
  results.push(r);
  console.log(
    `| ${r.articles} | ${r.fileMb.toFixed(1)} | ${ms(r.buildMs)} | ${r.indexMb.toFixed(0)} |`,
  );
}
for (const r of results) {
  console.log(
    `\n${r.articles} articles\n| query | text | hits | p50 ms | p99 ms |\n|---|---|---|---|---|`,
  );
  console.log(r.rows.join("\n"));
}
