/**
 * npm run bench:scale [-- --stores A.json,B.json,…] [--samples N] [--write-runs N]
 *
 * How our server (as shipped, NODE_ENV=production) scales with the store: for each store, the
 * time from spawning the server until it listens, serves the home feed and answers a search;
 * its resident memory against the JSON file's size; the p50 latency of the home feed, an
 * article page and four searches, one request at a time (uncached: each request unique; and
 * repeated); and the time of one store write (bench/store-write.ts). Prints tables and issue 7's
 * scale goals, writes bench/results/scale.json. Slow at 100k articles: run it by hand.
 */
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import { closeConnections, post } from "./http.js";
import { writeJson } from "./write-json.js";
import { percentile } from "./load.js";
import {
  buildOurServer,
  cpuMicros,
  machineBusyMicros,
  memoryOf,
  OUR_SERVER,
  repoRoot,
  startServer,
  type ServerChild,
} from "./process.js";
import { pickQueries, requestBody, type BenchQuery } from "./queries.js";

const { values: args } = parseArgs({
  options: {
    stores: { type: "string" },
    samples: { type: "string", default: "200" },
    "write-runs": { type: "string", default: "3" },
    out: { type: "string", default: join(repoRoot, "bench/results") },
  },
});
const stores = (args.stores?.split(",") ?? ["/tmp/s1k.json", "/tmp/s10k.json", "/tmp/s100k.json"])
  .filter((path) => existsSync(path))
  .sort((a, b) => statSync(a).size - statSync(b).size);
if (stores.length === 0) throw new Error("No store found: make one with npm run corpus");
const SAMPLES = Number(args.samples);
/** Stop sampling one query after this long, whatever the count. */
const SAMPLE_BUDGET_MS = 30_000;
const WARM_UP = 50;

/** The searches issue 7 names: a person, a place, a two-word phrase, a very common word. */
const SEARCHES = [
  ["person", "بوتين"],
  ["place", "أوكرانيا"],
  ["two words", "كوريا الشمالية"],
  ["common word", "الرئيس"],
] as const;

interface Latency {
  label: string;
  /** Search hits (totalCount), for searches. */
  hits?: number;
  uncachedP50Ms: number;
  repeatedP50Ms: number;
  samples: number;
}

interface StoreResult {
  path: string;
  fileBytes: number;
  articles?: number;
  error?: string;
  listenMs?: number;
  homeFeedMs?: number;
  searchReadyMs?: number;
  rssAfterStart?: number;
  rssAfterSearch?: number;
  peakRss?: number;
  latencies?: Latency[];
  /** Share of the cores other processes used while the latencies were sampled, 0–1. */
  otherCpuShare?: number;
  write?: Record<string, unknown>;
}

/** p50 of sequential requests, each body made by `body(n)`. */
async function p50(url: string, body: (n: number) => string): Promise<[number, number]> {
  // Warm-up, not counted: V8 optimises the paths a query takes in its first few dozen runs.
  for (let n = 0; n < WARM_UP; n++) await post(url, body(1e9 + n));
  const times: number[] = [];
  const started = performance.now();
  while (times.length < SAMPLES && performance.now() - started < SAMPLE_BUDGET_MS) {
    const reply = await post(url, body(times.length));
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
    times.push(reply.ms);
  }
  return [percentile(times, 0.5), times.length];
}

async function latencies(url: string): Promise<Latency[]> {
  const [home, article] = await pickQueries(url);
  const queries: BenchQuery[] = [
    home!,
    article!,
    ...SEARCHES.map(([kind, text]): BenchQuery => ({
      name: "SearchPage",
      label: `search, ${kind}: ${text}`,
      variables: { query: text },
    })),
  ];
  const out: Latency[] = [];
  for (const query of queries) {
    const first = JSON.parse((await post(url, requestBody(query, "text"))).text);
    const [uncachedP50Ms, samples] = await p50(url, (n) => requestBody(query, "text", n));
    const [repeatedP50Ms] = await p50(url, () => requestBody(query, "text"));
    out.push({
      label: query.label,
      ...(query.name === "SearchPage" ? { hits: first.data?.search?.totalCount } : {}),
      uncachedP50Ms,
      repeatedP50Ms,
      samples,
    });
    console.error(
      `  ${query.label}: p50 ${uncachedP50Ms.toFixed(2)} ms uncached, ${repeatedP50Ms.toFixed(2)} ms repeated`,
    );
  }
  return out;
}

async function measureServer(path: string, result: StoreResult): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    NEWS_DB: path,
  };
  delete env.TRUSTED_DOCUMENTS;
  const spawned = performance.now();
  let server: ServerChild;
  try {
    server = await startServer({ name: "ours", entry: OUR_SERVER, env, timeoutMs: 600_000 });
  } catch (error) {
    // The first line that names the error, not the whole log.
    const text = String(error);
    result.error =
      /\w*Error: .*/.exec(text.split("\n").slice(1).join("\n"))?.[0] ?? text.split("\n")[0];
    return;
  }
  try {
    result.listenMs = server.listenMs;
    const home = JSON.parse(
      (
        await post(
          server.url,
          requestBody({ name: "HomeFeed", label: "", variables: { first: 20 } }, "text"),
        )
      ).text,
    );
    result.homeFeedMs = performance.now() - spawned;
    result.articles = home.data.articles.totalCount;
    result.rssAfterStart = memoryOf(server.pid).rss;
    await post(
      server.url,
      requestBody({ name: "SearchPage", label: "", variables: { query: "بوتين" } }, "text"),
    );
    result.searchReadyMs = performance.now() - spawned;
    result.rssAfterSearch = memoryOf(server.pid).rss;
    const [machine0, server0, self0, t0] = [
      machineBusyMicros(),
      cpuMicros(server.pid),
      process.cpuUsage(),
      performance.now(),
    ];
    result.latencies = await latencies(server.url);
    const self = process.cpuUsage(self0);
    const other =
      machineBusyMicros() - machine0 - (cpuMicros(server.pid) - server0) - self.user - self.system;
    result.otherCpuShare = Math.max(0, other) / ((performance.now() - t0) * 1000 * cpus().length);
    result.peakRss = memoryOf(server.pid).peakRss;
  } finally {
    closeConnections();
    await server.stop();
  }
}

async function measureWrite(path: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--max-old-space-size=16384",
      "--import",
      "tsx",
      "bench/store-write.ts",
      path,
      args["write-runs"]!,
    ],
    { cwd: repoRoot, maxBuffer: 1 << 20 },
  ).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: JSON.stringify({
      error: /\w*Error: .*/.exec(error.stderr ?? "")?.[0] ?? String(error),
    }),
  }));
  return JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

const results: StoreResult[] = [];
buildOurServer();
for (const path of stores) {
  const result: StoreResult = { path, fileBytes: statSync(path).size };
  console.error(`${path} (${(result.fileBytes / 2 ** 20).toFixed(0)} MB): server…`);
  await measureServer(path, result);
  if (result.error) console.error(`  could not serve it: ${result.error}`);
  console.error(`${path}: one store write…`);
  result.write = await measureWrite(path);
  results.push(result);
}

const mb = (bytes?: number) => (bytes === undefined ? "–" : (bytes / 2 ** 20).toFixed(0));
const s = (ms?: number) => (ms === undefined ? "–" : (ms / 1000).toFixed(2));
const name = (r: StoreResult) => {
  const articles = r.articles ?? r.write?.["articles"];
  return articles === undefined ? basename(r.path) : `${articles} articles`;
};
const lines: string[] = [];
lines.push(
  "**Start-up and memory** (our server as shipped; times from spawning the process)\n",
  "| store | file MB | listening s | home feed served s | first search answered s | RSS after start MB | RSS ÷ file | RSS after search MB | peak RSS MB |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...results.map((r) =>
    r.error
      ? `| ${name(r)} | ${mb(r.fileBytes)} | could not start: ${r.error} |${" |".repeat(6)}`
      : `| ${name(r)} | ${mb(r.fileBytes)} | ${s(r.listenMs)} | ${s(r.homeFeedMs)} | ${s(r.searchReadyMs)} | ${mb(r.rssAfterStart)} | ${(r.rssAfterStart! / r.fileBytes).toFixed(2)}× | ${mb(r.rssAfterSearch)} | ${mb(r.peakRss)} |`,
  ),
);
const served = results.filter((r) => r.latencies);
const base = served[0];
if (base) {
  lines.push(
    `\n**p50 latency, ms**, one request at a time, uncached (each request unique) / repeated; × is the ratio to ${name(base)}. Other processes used ${served.map((r) => `${((r.otherCpuShare ?? 0) * 100).toFixed(0)}%`).join(" / ")} of the cores meanwhile.\n`,
    `| query | ${served.map(name).join(" | ")} |`,
    `|---|${served.map(() => "---:").join("|")}|`,
    ...base.latencies!.map((latency, i) => {
      const cells = served.map((r) => {
        const l = r.latencies![i]!;
        const ratio = l.uncachedP50Ms / latency.uncachedP50Ms;
        return `${l.uncachedP50Ms.toFixed(2)} / ${l.repeatedP50Ms.toFixed(2)}${r === base ? "" : ` (${ratio.toFixed(2)}×)`}${l.hits === undefined ? "" : `, ${l.hits} hits`}`;
      });
      return `| ${latency.label.replace(/^(HomeFeed|ArticlePage) /, "$1 ")} | ${cells.join(" | ")} |`;
    }),
  );
}
lines.push(
  "\n**One store write** (LowdbStore.replace with the data it holds: the whole file rewritten, then the indexes rebuilt)\n",
  "| store | file MB | written MB | open s | replace s (each run) | in-memory rebuild alone s | longest event-loop stall in replace s | server reload s (stall s) |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
  ...results.map((r) => {
    const w = r.write ?? {};
    if (w["error"])
      return `| ${name(r)} | ${mb(r.fileBytes)} | failed: ${w["error"]} |${" |".repeat(5)}`;
    const runs = (w["replaceMs"] as number[]).map((ms) => s(ms)).join(", ");
    return `| ${name(r)} | ${mb(r.fileBytes)} | ${mb(w["writtenBytes"] as number)} | ${s(w["openMs"] as number)} | ${runs} | ${s(w["indexMs"] as number)} | ${s(w["longestStallMs"] as number)} | ${s(w["reloadMs"] as number)} (${s(w["reloadStallMs"] as number)}) |`;
  }),
);

// Issue 7's goals about scale, judged on the largest store given against the smallest; when the
// server cannot open the largest, also on the largest it could, for how far it got.
const small = results[0]!;
const largest = results.at(-1)!;
const largestServed = served.at(-1);
const targets =
  largest.error && largestServed && largestServed !== small ? [largest, largestServed] : [largest];
const goals: { goal: string; met: boolean; figures: string }[] = [];
const page = (r: StoreResult, i: number) => r.latencies?.[i]?.uncachedP50Ms ?? NaN;
for (const large of targets) {
  if (large !== small) {
    const compared = [0, 1, 2, 3, 4].map((i) => ({
      label: small.latencies?.[i]?.label ?? String(i),
      ratio: page(large, i) / page(small, i),
    }));
    goals.push({
      goal: `p50 of the home feed, article page and searches (person, place, two words) at ${name(large)} within 1.5× of ${name(small)}, uncached`,
      met: !large.error && compared.every((c) => c.ratio <= 1.5),
      figures: large.error
        ? `the server could not open the store: ${large.error}`
        : compared.map((c) => `${c.label} ${c.ratio.toFixed(2)}×`).join(", ") +
          `; common word ${(page(large, 5) / page(small, 5)).toFixed(2)}× (reported only)`,
    });
  }
  goals.push(
    {
      goal: `start-up until the home feed is served at ${name(large)} under 3 s`,
      met: !large.error && large.homeFeedMs! < 3000,
      figures: large.error
        ? `could not start: ${large.error}`
        : `${s(large.homeFeedMs)} s (first search answered at ${s(large.searchReadyMs)} s)`,
    },
    {
      goal: `resident memory after start-up at ${name(large)} under 3× the JSON file's size`,
      met: !large.error && large.rssAfterStart! < 3 * large.fileBytes,
      figures: large.error
        ? `could not start: ${large.error}`
        : `${mb(large.rssAfterStart)} MB for a ${mb(large.fileBytes)} MB file: ${(large.rssAfterStart! / large.fileBytes).toFixed(2)}× (after the first search ${mb(large.rssAfterSearch)} MB)`,
    },
  );
}
lines.push(
  "\n**Scale goals of issue 7**\n",
  ...goals.map((g) => `- ${g.met ? "**met**" : "**not met**"}: ${g.goal}. ${g.figures}`),
);

const machine = `${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, ${process.platform} ${release()}, Node ${process.version}, ${new Date().toISOString()}`;
console.log(`\nMachine: ${machine}\n`);
console.log(lines.join("\n"));
await mkdir(args.out!, { recursive: true });
await writeJson(join(args.out!, "scale.json"), { machine, samples: SAMPLES, results, goals });
