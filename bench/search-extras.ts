/**
 * Latency of issue 15's search paths on generated corpora: names in other forms, facets over
 * the whole result, did-you-mean and typeahead. Each is run WARM_UP times, then timed RUNS times:
 * on an index built in memory (bench/search.ts measures building, saving and loading it), or with
 * --postgres URL on a PostgreSQL server, through the store (a database of its own per size,
 * created on that server, loaded with the corpus, and dropped after).
 * Usage: node --import tsx bench/search-extras.ts [--postgres postgres://…/postgres]
 *   [--runs 50] [--warm-up 20] 1000 10000
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { generateContent } from "../src/corpus/generate.js";
import { openPostgresStore } from "../src/store/open.js";
import { createPool } from "../src/store/postgres/pool.js";
import type { StoreData } from "../src/store/records.js";
import type { SearchRequest, SuggestRequest } from "../src/store/store.js";
import { buildSearchIndex } from "../src/text/article-search.js";

/** What a path runs against: an in-memory index, or a store answering one request. */
interface Searcher {
  search(request: SearchRequest): unknown;
  suggest(request: SuggestRequest): unknown;
  close(): Promise<void>;
}

const page = (text: string, facets = false) => ({ text, filter: {}, offset: 0, limit: 20, facets });

/** What each path runs, labelled. */
const CASES: [string, (searcher: Searcher) => unknown][] = [
  ["search, Latin name: Putin", (s) => s.search(page("Putin"))],
  ["search, other outlet's spelling: ماشادو", (s) => s.search(page("ماشادو"))],
  ["search, adjective-only country: روسيا", (s) => s.search(page("روسيا"))],
  ["search + facets: بوتين", (s) => s.search(page("بوتين", true))],
  ["search + facets, common word: الرئيس", (s) => s.search(page("الرئيس", true))],
  ["did-you-mean: بوتيم (no results)", (s) => s.search(page("بوتيم"))],
  ["suggest, 2 Arabic letters: بو", (s) => s.suggest({ prefix: "بو", first: 8 })],
  ["suggest, 2 Latin letters: pu", (s) => s.suggest({ prefix: "pu", first: 8 })],
  ["suggest, the article: ال", (s) => s.suggest({ prefix: "ال", first: 8 })],
];

async function timings(
  run: () => unknown,
  runs: number,
  warmUp: number,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmUp; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[runs >> 1]!, p99: times[Math.floor(runs * 0.99)]! };
}

async function inMemory(data: StoreData): Promise<Searcher> {
  const index = await buildSearchIndex(data);
  return {
    search: (request) => index.search(request),
    suggest: (request) => index.suggest(request),
    close: async () => undefined,
  };
}

/** A fresh database on the server at `serverUrl`, loaded with `data`, dropped on close. */
async function onPostgres(serverUrl: string, data: StoreData): Promise<Searcher> {
  const name = `news_graph_bench_${process.pid}_${data.articles.length}`;
  const admin = createPool(serverUrl);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createPool(url.toString());
  const store = await openPostgresStore(db);
  const started = performance.now();
  await store.replace(data);
  await db.query("VACUUM ANALYZE");
  const loaded = (performance.now() - started) / 1000;
  console.log(`${data.articles.length} articles loaded and analysed in ${loaded.toFixed(1)} s`);
  return {
    search: async (request) => (await store.search([request]))[0],
    suggest: async (request) => (await store.suggest([request]))[0],
    close: async () => {
      await db.end();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}

const { values, positionals } = parseArgs({
  options: {
    postgres: { type: "string" },
    runs: { type: "string", default: "50" },
    "warm-up": { type: "string", default: "20" },
  },
  allowPositionals: true,
});
const sizes = positionals.map(Number);
const [runs, warmUp] = [Number(values.runs), Number(values["warm-up"])];
const backend = values.postgres ? "PostgreSQL" : "in memory";
console.log(
  `${backend}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}, ` +
    `${warmUp} runs to warm up, ${runs} timed; p50 / p99 ms\n`,
);
const columns = new Map<string, string[]>();
for (const articles of sizes) {
  const data = generateContent({ articles });
  const searcher = values.postgres ? await onPostgres(values.postgres, data) : await inMemory(data);
  try {
    for (const [label, run] of CASES) {
      const { p50, p99 } = await timings(() => run(searcher), runs, warmUp);
      columns.set(label, [...(columns.get(label) ?? []), `${p50.toFixed(2)} / ${p99.toFixed(2)}`]);
    }
  } finally {
    await searcher.close();
  }
}
console.log(`| path | ${sizes.map((n) => `${n.toLocaleString("en")} articles`).join(" | ")} |`);
console.log(`|---|${sizes.map(() => "---").join("|")}|`);
for (const [label, cells] of columns) console.log(`| ${label} | ${cells.join(" | ")} |`);
