/**
 * Latency of PostgreSQL search on a corpus database that is already there (`npm run corpus`),
 * read-only: the session is `default_transaction_read_only`, nothing is migrated or written, so
 * it may run against a database another process is still filling. Issue 13's searches (a name, a
 * place, a phrase, the most common word), a first page of 20, each with and without facets.
 * Each is run once to warm up, then timed RUNS times; prints p50 and the slowest run.
 * --cap ranks and counts that many of the newest matches instead of the store's MATCH_CAP.
 * Usage: node --import tsx bench/search-postgres.ts [--runs 5] [--cap N] postgres://…/c1m
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createPool } from "../src/store/postgres/pool.js";
import { MATCH_CAP, searchArticles } from "../src/store/postgres/search.js";
import { SearchKnowledge } from "../src/store/postgres/search-knowledge.js";
import type { SearchRequest, SearchResult } from "../src/store/store.js";

const SEARCHES = [
  ["name", "بوتين"],
  ["place", "أوكرانيا"],
  ["phrase", '"كوريا الشمالية"'],
  ["two words", "كوريا الشمالية"],
  ["common word", "الرئيس"],
] as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "5" }, cap: { type: "string" } },
});
const [url] = positionals;
if (!url) {
  console.error("usage: node --import tsx bench/search-postgres.ts [--runs 5] postgres://…/db");
  process.exit(2);
}
const runs = Number(values.runs);
const cap = values.cap === undefined ? MATCH_CAP : Number(values.cap);

/** A server refuses any write in this session: the bench cannot change the corpus. */
const readOnly = new URL(url);
readOnly.searchParams.set("options", "-c default_transaction_read_only=on");
// The server's own bounds (NEWS_DB_QUERY_TIMEOUT_MS, 10 s by default): a search that times out
// there is reported as such.
const db = createPool(readOnly.toString());

const ms = (value: number) => value.toFixed(1);

async function timed(request: SearchRequest, knowledge: SearchKnowledge) {
  let result!: SearchResult;
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    result = await searchArticles(db, knowledge, request, cap);
    if (run > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[times.length >> 1]!, max: times.at(-1)!, result };
}

try {
  const started = performance.now();
  const knowledge = await SearchKnowledge.load(db);
  const { rows } = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM articles");
  console.log(
    `${rows[0]!.count} articles, cap ${cap}; search knowledge loaded in ${ms(performance.now() - started)} ms; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log("| search | facets | p50 ms | max ms | totalCount | exact | first hit |");
  console.log("| --- | --- | ---: | ---: | ---: | --- | --- |");
  for (const [kind, text] of SEARCHES) {
    for (const facets of [false, true]) {
      const request = { text, filter: {}, offset: 0, limit: 20, facets };
      const label = `| ${kind}: ${text} | ${facets ? "yes" : "no"} |`;
      try {
        const { p50, max, result } = await timed(request, knowledge);
        const exact = (result as { totalCountExact?: boolean }).totalCountExact;
        console.log(
          `${label} ${ms(p50)} | ${ms(max)} | ${result.totalCount} | ${exact ?? "–"} | ${result.hits[0]?.article.slug ?? "–"} |`,
        );
      } catch (error) {
        console.log(`${label} failed: ${(error as Error).message} | | | | |`);
      }
    }
  }
} finally {
  await db.end();
}
