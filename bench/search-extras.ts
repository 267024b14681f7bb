/**
 * Latency of issue 15's search paths on generated corpora: names in other forms, facets over
 * the whole result, did-you-mean and typeahead. Each is run WARM_UP times, then timed RUNS times
 * on an index built in memory (bench/search.ts measures building, saving and loading it).
 * Usage: node --import tsx bench/search-extras.ts 1000 10000 100000
 */
import { loadavg } from "node:os";
import { generateContent } from "../src/corpus/generate.js";
import { buildSearchIndex } from "../src/text/article-search.js";
import type { SearchIndex } from "../src/text/search-index.js";

const RUNS = 50;
const WARM_UP = 20;

const page = (text: string, facets = false) => ({ text, filter: {}, offset: 0, limit: 20, facets });

/** What each path runs, labelled, against one index. */
const CASES: [string, (index: SearchIndex) => unknown][] = [
  ["search, Latin name: Putin", (i) => i.search(page("Putin"))],
  ["search, other outlet's spelling: ماشادو", (i) => i.search(page("ماشادو"))],
  ["search, adjective-only country: روسيا", (i) => i.search(page("روسيا"))],
  ["search + facets: بوتين", (i) => i.search(page("بوتين", true))],
  ["search + facets, common word: الرئيس", (i) => i.search(page("الرئيس", true))],
  ["did-you-mean: بوتيم (no results)", (i) => i.search(page("بوتيم"))],
  ["suggest, 2 Arabic letters: بو", (i) => i.suggest({ prefix: "بو", first: 8 })],
  ["suggest, 2 Latin letters: pu", (i) => i.suggest({ prefix: "pu", first: 8 })],
  ["suggest, the article: ال", (i) => i.suggest({ prefix: "ال", first: 8 })],
];

function timings(run: () => unknown): { p50: number; p99: number } {
  for (let i = 0; i < WARM_UP; i++) run();
  const times = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  }).sort((a, b) => a - b);
  return { p50: times[RUNS >> 1]!, p99: times[Math.floor(RUNS * 0.99)]! };
}

const sizes = process.argv.slice(2).map(Number);
console.log(`node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}; p50 / p99 ms\n`);
const columns = new Map<string, string[]>();
for (const articles of sizes) {
  const index = await buildSearchIndex(generateContent({ articles }));
  for (const [label, run] of CASES) {
    const { p50, p99 } = timings(() => run(index));
    columns.set(label, [...(columns.get(label) ?? []), `${p50.toFixed(2)} / ${p99.toFixed(2)}`]);
  }
}
console.log(`| path | ${sizes.map((n) => `${n.toLocaleString("en")} articles`).join(" | ")} |`);
console.log(`|---|${sizes.map(() => "---").join("|")}|`);
for (const [label, cells] of columns) console.log(`| ${label} | ${cells.join(" | ")} |`);
