/**
 * npm run bench:scale -- [--db postgres://…/c10k,postgres://…/c100k,…] [--stores A.json,B.json]
 *                        [--samples N] [--out DIR]
 *
 * How our server (as shipped, NODE_ENV=production) scales with the archive, on PostgreSQL
 * databases (made by `npm run corpus` with a postgres:// NEWS_DB) and JSON stores side by side:
 * for each, the time from spawning the server until it listens and until it first answers; its
 * resident memory after start-up, after the first search and after the run; p50 and p99 of the
 * SDK's home, article and topic pages and of searches for a name, a place, a phrase and the most
 * common word, one request at a time, each request unique (no response cache); one page's ingest
 * (bench/ingest-page.ts, start-up excluded); and, on PostgreSQL, what totalCount costs counted
 * against kept. Prints one table and the goals of issue 13, writes bench/results/scale.json.
 * Slow at 100k articles and up: run it by hand, never in CI.
 */
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { basename, join } from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { isDatabaseUrl, redactUrl } from "../src/store/postgres/pool.js";
import { closeConnections, post } from "./http.js";
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
import { writeJson } from "./write-json.js";

const { values: args } = parseArgs({
  options: {
    db: { type: "string" },
    stores: { type: "string" },
    samples: { type: "string", default: "100" },
    out: { type: "string", default: join(repoRoot, "bench/results") },
  },
});
const databases = args.db?.split(",") ?? [];
const bad = databases.find((url) => !isDatabaseUrl(url));
if (bad) throw new Error(`--db takes postgres:// URLs: ${redactUrl(bad)}`);
const files = (args.stores?.split(",") ?? []).filter((path) => existsSync(path));
if (databases.length + files.length === 0) {
  throw new Error(
    "Nothing to measure: give --db URLs or --stores files (npm run corpus makes both)",
  );
}
const SAMPLES = Number(args.samples);
/** Stop sampling one query after this long, whatever the count. */
const SAMPLE_BUDGET_MS = 20_000;
const WARM_UP = 20;

/** The searches issue 13 names: a person, a place, a two-word phrase; and the most common word. */
const SEARCHES = [
  ["name", "بوتين"],
  ["place", "أوكرانيا"],
  ["phrase", "كوريا الشمالية"],
  ["common word", "الرئيس"],
] as const;
const COMMON_WORD_LABEL = "search, common word: الرئيس";

interface Latency {
  label: string;
  /** Why sampling stopped, when a request failed (a query over the timeout answers 503). */
  error?: string;
  /** totalCount, for searches. */
  hits?: number;
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

interface CountCost {
  list: string;
  total: number;
  countedMs: number;
  keptMs: number;
}

interface Result {
  backend: "postgres" | "json";
  /** The URL without its password, or the file. */
  target: string;
  bytes?: number;
  articles?: number;
  error?: string;
  listenMs?: number;
  firstAnswerMs?: number;
  firstSearchMs?: number;
  rssAfterStart?: number;
  rssAfterSearch?: number;
  rssAfterRun?: number;
  latencies?: Latency[];
  /** Share of the cores other processes used while the latencies were sampled, 0–1. */
  otherCpuShare?: number;
  ingest?: { ingestMs?: number; error?: string; [key: string]: unknown };
  counts?: CountCost[];
}

/** p50 and p99 of sequential requests, each made unique by a nonce so no cache answers. */
async function sample(url: string, query: BenchQuery): Promise<Omit<Latency, "label" | "hits">> {
  for (let n = 0; n < WARM_UP; n++) await post(url, requestBody(query, "text", 1e9 + n));
  const times: number[] = [];
  const started = performance.now();
  while (times.length < SAMPLES && performance.now() - started < SAMPLE_BUDGET_MS) {
    const reply = await post(url, requestBody(query, "text", times.length));
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
    times.push(reply.ms);
  }
  return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99), samples: times.length };
}

async function latencies(url: string): Promise<Latency[]> {
  const [home, article, topic] = await pickQueries(url);
  const queries: BenchQuery[] = [
    home!,
    article!,
    topic!,
    ...SEARCHES.map(([kind, text]): BenchQuery => ({
      name: "SearchPage",
      label: `search, ${kind}: ${text}`,
      variables: { query: text },
    })),
  ];
  const out: Latency[] = [];
  for (const query of queries) {
    const first = JSON.parse((await post(url, requestBody(query, "text"))).text);
    const hits = query.name === "SearchPage" ? { hits: first.data?.search?.totalCount } : {};
    const latency: Latency = await sample(url, query).then(
      (sampled) => ({ label: query.label, ...hits, ...sampled }),
      (error: Error) => ({
        label: query.label,
        error: error.message.slice(0, 120),
        p50Ms: NaN,
        p99Ms: NaN,
        samples: 0,
      }),
    );
    out.push(latency);
    console.error(
      `  ${query.label}: p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms${latency.error ? ` (${latency.error})` : ""}`,
    );
  }
  return out;
}

const ask = (url: string, query: BenchQuery) =>
  post(url, requestBody(query, "text")).then((reply) => JSON.parse(reply.text));

async function measureServer(newsDb: string, result: Result): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    NEWS_DB: newsDb,
  };
  delete env.TRUSTED_DOCUMENTS;
  const spawned = performance.now();
  let server: ServerChild;
  try {
    server = await startServer({ name: "ours", entry: OUR_SERVER, env, timeoutMs: 600_000 });
  } catch (error) {
    const text = String(error);
    result.error =
      /\w*Error: .*/.exec(text.split("\n").slice(1).join("\n"))?.[0] ?? text.split("\n")[0];
    return;
  }
  try {
    result.listenMs = server.listenMs;
    const home = await ask(server.url, { name: "HomeFeed", label: "", variables: { first: 20 } });
    result.firstAnswerMs = performance.now() - spawned;
    result.articles = home.data.articles.totalCount;
    result.rssAfterStart = memoryOf(server.pid).rss;
    await ask(server.url, { name: "SearchPage", label: "", variables: { query: "بوتين" } });
    result.firstSearchMs = performance.now() - spawned;
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
    result.rssAfterRun = memoryOf(server.pid).rss;
  } finally {
    closeConnections();
    await server.stop();
  }
}

async function measureIngest(newsDb: string): Promise<Result["ingest"]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--max-old-space-size=16384", "--import", "tsx", "bench/ingest-page.ts", newsDb],
    { cwd: repoRoot, maxBuffer: 1 << 20 },
  ).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: JSON.stringify({
      error: /\w*Error: .*/.exec(error.stderr ?? "")?.[0] ?? String(error),
    }),
  }));
  return JSON.parse(stdout.trim().split("\n").pop()!) as Result["ingest"];
}

/** The median of five runs of `sql`, in ms. */
async function timed(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await pool.query(sql, params);
    times.push(performance.now() - started);
  }
  return percentile(times, 0.5);
}

/**
 * totalCount of the home feed and of the most mentioned topic's list, counted over the rows
 * (what the store did before migration 0007) against read from article_counts (what it does).
 */
async function countCosts(url: string): Promise<CountCost[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ entity_id: string; count: string }>(
      "SELECT entity_id, count FROM article_counts WHERE kind = 'topic' ORDER BY count DESC LIMIT 1",
    );
    const lists = [
      {
        list: "all articles",
        counted: "SELECT count(*) FROM articles",
        params: [],
        kind: "all",
        id: "",
      },
      {
        list: `topic ${rows[0]!.entity_id}`,
        counted: "SELECT count(*) FROM article_mentions WHERE kind = 'topic' AND entity_id = $1",
        params: [rows[0]!.entity_id],
        kind: "topic",
        id: rows[0]!.entity_id,
      },
    ];
    const out: CountCost[] = [];
    for (const { list, counted, params, kind, id } of lists) {
      const kept = "SELECT count FROM article_counts WHERE kind = $1 AND entity_id = $2";
      const total = Number((await pool.query<{ count: string }>(kept, [kind, id])).rows[0]!.count);
      out.push({
        list,
        total,
        countedMs: await timed(pool, counted, params),
        keptMs: await timed(pool, kept, [kind, id]),
      });
    }
    return out;
  } finally {
    await pool.end();
  }
}

async function databaseBytes(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ bytes: string }>(
      "SELECT pg_database_size(current_database()) AS bytes",
    );
    return Number(rows[0]!.bytes);
  } finally {
    await pool.end();
  }
}

const results: Result[] = [];
buildOurServer();
const targets = [
  ...databases.map((url) => ({
    backend: "postgres" as const,
    newsDb: url,
    target: redactUrl(url),
  })),
  ...files.map((path) => ({ backend: "json" as const, newsDb: path, target: path })),
];
for (const { backend, newsDb, target } of targets) {
  const result: Result = { backend, target };
  console.error(`${target}: server…`);
  await measureServer(newsDb, result);
  if (result.error) console.error(`  could not serve it: ${result.error}`);
  result.bytes = backend === "postgres" ? await databaseBytes(newsDb) : statSync(newsDb).size;
  if (backend === "postgres" && !result.error) result.counts = await countCosts(newsDb);
  console.error(`${target}: one page's ingest…`);
  result.ingest = await measureIngest(newsDb);
  results.push(result);
}

const mb = (bytes?: number) => (bytes === undefined ? "–" : (bytes / 2 ** 20).toFixed(0));
const s = (ms?: number) => (ms === undefined ? "–" : (ms / 1000).toFixed(2));
const ms = (value?: number) => (value === undefined ? "–" : value.toFixed(1));
const name = (r: Result) =>
  `${r.backend === "postgres" ? "PostgreSQL" : "JSON"} ${r.articles ?? basename(r.target)}`;
const row = (label: string, cell: (r: Result) => string) =>
  `| ${label} | ${results.map((r) => (r.error ? "–" : cell(r))).join(" | ")} |`;

const lines = [
  `| | ${results.map(name).join(" | ")} |`,
  `|---|${results.map(() => "---:").join("|")}|`,
  `| store size MB (database or file) | ${results.map((r) => mb(r.bytes)).join(" | ")} |`,
  row("listening s", (r) => s(r.listenMs)),
  row("first answer (home feed) s", (r) => s(r.firstAnswerMs)),
  row("first search answered s", (r) => s(r.firstSearchMs)),
  row("RSS after start MB", (r) => mb(r.rssAfterStart)),
  row("RSS after first search MB", (r) => mb(r.rssAfterSearch)),
  row("RSS after the run MB", (r) => mb(r.rssAfterRun)),
  ...(results.find((r) => r.latencies)?.latencies ?? []).map((latency, i) =>
    row(`${latency.label.replace(/\s+\(.*\)$/, "")} p50 / p99 ms`, (r) => {
      const l = r.latencies?.[i];
      if (!l) return "–";
      if (l.error) return `failed: ${l.error.replace(/\|/g, "/").slice(0, 60)}`;
      return `${ms(l.p50Ms)} / ${ms(l.p99Ms)}${l.hits === undefined ? "" : ` (${l.hits} hits)`}`;
    }),
  ),
  `| one page's ingest s | ${results.map((r) => (r.ingest?.error ? `failed: ${r.ingest.error}` : s(r.ingest?.ingestMs))).join(" | ")} |`,
  ...(results.find((r) => r.counts)?.counts ?? []).map((count, i) =>
    row(
      `totalCount, ${i === 0 ? "all articles" : "the most mentioned topic"}: counted / kept ms`,
      (r) => {
        const c = r.counts?.[i];
        return c ? `${ms(c.countedMs)} / ${c.keptMs.toFixed(2)} (${c.total})` : "–";
      },
    ),
  ),
  `| other processes' share of the cores while sampling | ${results.map((r) => (r.otherCpuShare === undefined ? "–" : `${(r.otherCpuShare * 100).toFixed(0)}%`)).join(" | ")} |`,
];

// Issue 13's goals, on the PostgreSQL sizes measured: smallest against largest.
const served = results.filter((r) => r.backend === "postgres" && r.latencies);
const goals: { goal: string; met: boolean; figures: string }[] = [];
if (served.length > 0) {
  const [small, large] = [served[0]!, served.at(-1)!];
  goals.push({
    goal: "PostgreSQL: first answer under 1 s from spawning the server, at every size",
    met: served.every((r) => r.firstAnswerMs! < 1000),
    figures: served.map((r) => `${name(r)} ${s(r.firstAnswerMs)} s`).join(", "),
  });
  goals.push({
    goal: `PostgreSQL: RSS flat in archive size (after the run, ${name(large)} within 1.25× of ${name(small)})`,
    met: large.rssAfterRun! <= 1.25 * small.rssAfterRun!,
    figures: served.map((r) => `${name(r)} ${mb(r.rssAfterRun)} MB`).join(", "),
  });
  const ratios = small.latencies!.map((l, i) => ({
    label: l.label,
    ratio: large.latencies![i]!.p50Ms / l.p50Ms,
  }));
  const judged = ratios.filter((r) => r.label !== COMMON_WORD_LABEL);
  goals.push({
    goal: `PostgreSQL: p50 of every page and of the name, place and phrase searches at ${name(large)} within 1.5× of ${name(small)}`,
    met: judged.every((r) => r.ratio <= 1.5),
    figures:
      judged.map((r) => `${r.label.replace(/\s+\(.*\)$/, "")} ${r.ratio.toFixed(2)}×`).join(", ") +
      `; the common word ${ratios.find((r) => r.label === COMMON_WORD_LABEL)?.ratio.toFixed(2)}× (reported only)`,
  });
}

const machine = `${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, ${process.platform} ${release()}, Node ${process.version}, ${new Date().toISOString()}`;
console.log(`\nMachine: ${machine}\n`);
console.log(lines.join("\n"));
console.log(
  ["", ...goals.map((g) => `- ${g.met ? "**met**" : "**not met**"}: ${g.goal}. ${g.figures}`)].join(
    "\n",
  ),
);
await mkdir(args.out!, { recursive: true });
await writeJson(join(args.out!, "scale.json"), { machine, samples: SAMPLES, results, goals });
