/**
 * npm run bench [-- --quick | --full] [--store PATH] [--rounds N] [--duration S]
 *   [--connections N] [--warmup S] [--servers ours,apollo,…] [--passes repeated,distinct]
 *   [--cpu-prof DIR]   (each server writes V8 CPU profiles to DIR/<server>/ when it stops: see
 *   profile.ts)
 *
 * Starts each server in its own process on the same store, drives it with autocannon from this
 * process, interleaving the servers round by round (A B C D E, A B C D E, …), and prints req/s,
 * p50/p99 latency and the server's CPU time per request (from /proc) with the ratios issue 7's
 * goals are stated in. Writes bench/results/latest.json and latest.svg. See BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isDeepStrictEqual } from "node:util";
import { closeConnections, post } from "./http.js";
import { writeJson } from "./write-json.js";
import { burst, otherShare, percentile, type Burst } from "./load.js";
import { buildOurServer, OUR_SERVER, repoRoot, startServer, type ServerChild } from "./process.js";
import {
  pickQueries,
  QUERY_NAMES,
  requestBody,
  type BenchQuery,
  type DocumentForm,
  type QueryName,
} from "./queries.js";
import {
  chartSvg,
  goalLines,
  goals,
  ratios,
  ratioTable,
  resultTables,
  SERVER_LABELS,
  type Pass,
  type Row,
  type ServerKey,
} from "./report.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean" },
    full: { type: "boolean" },
    store: { type: "string" },
    rounds: { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    warmup: { type: "string" },
    servers: { type: "string" },
    passes: { type: "string" },
    out: { type: "string", default: join(repoRoot, "bench/results") },
    "cpu-prof": { type: "string" },
  },
});

/** --quick (the default) fits in a few minutes on two cores; --full takes about half an hour. */
const preset = args.full
  ? { rounds: 5, duration: 10, warmup: 3 }
  : { rounds: 2, duration: 3, warmup: 1 };
const settings = {
  preset: args.full ? "full" : "quick",
  rounds: Number(args.rounds ?? preset.rounds),
  durationSeconds: Number(args.duration ?? preset.duration),
  warmupSeconds: Number(args.warmup ?? preset.warmup),
  connections: Number(args.connections ?? 10),
};

interface ServerSpec {
  key: ServerKey;
  entry: string;
  env: NodeJS.ProcessEnv;
  form: DocumentForm;
}

const ALL_SERVERS: ServerSpec[] = [
  // The server exactly as shipped (what `npm start` runs), trusted documents off.
  { key: "ours", entry: OUR_SERVER, env: {}, form: "text" },
  {
    key: "ours-persisted",
    entry: OUR_SERVER,
    env: { TRUSTED_DOCUMENTS: "1" },
    form: "persisted",
  },
  { key: "apollo", entry: "bench/servers/apollo.ts", env: {}, form: "text" },
  { key: "mercurius-jit", entry: "bench/servers/mercurius.ts", env: {}, form: "text" },
  { key: "raw", entry: "bench/servers/raw.ts", env: {}, form: "text" },
];
const chosen = args.servers?.split(",") ?? ALL_SERVERS.map((s) => s.key);
const servers = ALL_SERVERS.filter((s) => chosen.includes(s.key));
const passes = (args.passes?.split(",") ?? ["repeated", "distinct"]) as Pass[];
/** The raw server answers with fixed bytes: "uncached" means nothing to it. */
const runsIn = (server: ServerKey, pass: Pass) => !(server === "raw" && pass === "distinct");

/** The 1k corpus: /tmp/c1k.json when it is there, else generated into a temporary file. */
function defaultStore(): Promise<string> | string {
  if (existsSync("/tmp/c1k.json")) return "/tmp/c1k.json";
  return mkdtemp(join(tmpdir(), "news-bench-")).then((dir) => {
    const path = join(dir, "c1k.json");
    console.error(`Generating a 1k-article corpus in ${path}…`);
    execFileSync("npm", ["run", "corpus", "--", "--articles", "1000"], {
      cwd: repoRoot,
      env: { ...process.env, NEWS_DB: path },
      stdio: ["ignore", "inherit", "inherit"],
    });
    return path;
  });
}

/** This process's environment without the settings that change how our server behaves. */
function serverEnv(storePath: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["TRUSTED_DOCUMENTS", "INTROSPECTION", "CORS_ORIGINS", "NODE_OPTIONS"]) {
    delete env[key];
  }
  return { ...env, NODE_ENV: "production", PORT: "0", NEWS_DB: storePath, ...extra };
}

function gitState() {
  const git = (...a: string[]) =>
    execFileSync("git", a, { cwd: repoRoot, encoding: "utf8" }).trim();
  return {
    commit: git("rev-parse", "HEAD"),
    /** Files that differ from that commit, under src/: the run measured them as they were. */
    uncommittedSource: git("status", "--porcelain", "--", "src").split("\n").filter(Boolean),
  };
}

const started = performance.now();
const storePath = resolve(args.store ?? (await defaultStore()));
const bodiesPath = join(await mkdtemp(join(tmpdir(), "news-bench-")), "bodies.json");
const children = new Map<ServerKey, ServerChild>();
const stopAll = () => Promise.all([...children.values()].map((child) => child.stop()));
process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  // Our server first: the queries are picked by asking it what the store holds.
  const pickerEnv = serverEnv(storePath, {});
  buildOurServer();
  const picker = await startServer({ name: "picker", entry: OUR_SERVER, env: pickerEnv });
  let queries: BenchQuery[];
  let articleCount: number;
  try {
    queries = await pickQueries(picker.url);
    const feed = JSON.parse((await post(picker.url, requestBody(queries[0]!, "text"))).text);
    articleCount = feed.data.articles.totalCount;
  } finally {
    closeConnections();
    await picker.stop();
  }
  const labels = Object.fromEntries(queries.map((q) => [q.name, q.label])) as Record<
    QueryName,
    string
  >;
  await writeFile(bodiesPath, JSON.stringify(queries.map((q) => requestBody(q, "text"))));

  console.error(
    `Store ${storePath}: ${articleCount} articles. Queries: ${queries.map((q) => q.label).join("; ")}`,
  );
  for (const spec of servers) {
    const env = serverEnv(storePath, { ...spec.env, BENCH_REQUESTS: bodiesPath });
    // One folder per server: node writes a profile per thread (tsx's loader has its own).
    const nodeArgs = args["cpu-prof"]
      ? ["--cpu-prof", "--cpu-prof-dir", join(resolve(args["cpu-prof"]), spec.key)]
      : [];
    const child = await startServer({ name: spec.key, entry: spec.entry, env, nodeArgs });
    children.set(spec.key, child);
    console.error(
      `${SERVER_LABELS[spec.key]}: pid ${child.pid}, port ${child.port}, listening after ${child.listenMs.toFixed(0)} ms`,
    );
  }

  const bodyFor = (spec: ServerSpec, query: BenchQuery, pass: Pass) =>
    pass === "repeated"
      ? requestBody(query, spec.form)
      : (n: number) => requestBody(query, spec.form, n);

  // Every server must give the same data for every request, or the comparison means nothing.
  const responseBytes = new Map<QueryName, number>();
  for (const query of queries) {
    let reference: unknown;
    for (const spec of servers) {
      for (const pass of passes.filter((p) => runsIn(spec.key, p))) {
        const body = bodyFor(spec, query, pass);
        const reply = await post(
          children.get(spec.key)!.url,
          typeof body === "string" ? body : body(-1),
        );
        const result = JSON.parse(reply.text) as { data?: unknown; errors?: unknown };
        if (reply.status !== 200 || result.errors || !result.data) {
          throw new Error(
            `${spec.key} ${query.name} (${pass}): HTTP ${reply.status} ${reply.text.slice(0, 300)}`,
          );
        }
        reference ??= result.data;
        if (!responseBytes.has(query.name)) {
          responseBytes.set(query.name, Buffer.byteLength(reply.text));
        }
        if (!isDeepStrictEqual(result.data, reference)) {
          throw new Error(
            `${spec.key} ${query.name} (${pass}) answers other data than ${servers[0]!.key}`,
          );
        }
      }
    }
  }
  closeConnections();
  console.error("All servers give the same data for every query.");

  const run = (spec: ServerSpec, query: BenchQuery, pass: Pass, seconds: number) =>
    burst({
      url: children.get(spec.key)!.url,
      pid: children.get(spec.key)!.pid,
      body: bodyFor(spec, query, pass),
      connections: settings.connections,
      durationSeconds: seconds,
    });

  if (settings.warmupSeconds > 0) {
    console.error(`Warm-up: ${settings.warmupSeconds} s per server, query and pass (not counted)…`);
    for (const pass of passes)
      for (const query of queries)
        for (const spec of servers)
          if (runsIn(spec.key, pass)) await run(spec, query, pass, settings.warmupSeconds);
  }

  const bursts = new Map<string, Burst[]>();
  const keyOf = (pass: Pass, server: ServerKey, query: QueryName) => `${pass}|${server}|${query}`;
  for (let round = 1; round <= settings.rounds; round++) {
    for (const pass of passes) {
      for (const query of queries) {
        for (const spec of servers) {
          if (!runsIn(spec.key, pass)) continue;
          const result = await run(spec, query, pass, settings.durationSeconds);
          const key = keyOf(pass, spec.key, query.name);
          bursts.set(key, [...(bursts.get(key) ?? []), result]);
          console.error(
            `round ${round}/${settings.rounds} ${pass} ${query.name} ${spec.key}: ${(result.ok / result.seconds).toFixed(0)} req/s, ${(result.serverCpuMicros / result.ok).toFixed(0)} µs CPU/req, others used ${(otherShare(result) * 100).toFixed(0)}% of the cores${result.failed ? `, ${result.failed} FAILED` : ""}`,
          );
        }
      }
    }
  }
  await stopAll();

  const rows: Row[] = [];
  for (const pass of passes) {
    for (const query of queries) {
      for (const spec of servers) {
        const all = bursts.get(keyOf(pass, spec.key, query.name));
        if (!all) continue;
        const sum = (pick: (b: Burst) => number) => all.reduce((total, b) => total + pick(b), 0);
        const ok = sum((b) => b.ok);
        const latencies = all.flatMap((b) => b.latencies);
        rows.push({
          pass,
          server: spec.key,
          query: query.name,
          reqPerSec: ok / sum((b) => b.seconds),
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          cpuMicros: sum((b) => b.serverCpuMicros) / ok,
          loadCpuMicros: sum((b) => b.loadCpuMicros) / ok,
          otherCpuShare: otherShare({
            otherCpuMicros: sum((b) => b.otherCpuMicros),
            seconds: sum((b) => b.seconds),
          }),
          ok,
          failed: sum((b) => b.failed),
          roundReqPerSec: all.map((b) => Math.round(b.ok / b.seconds)),
        });
      }
    }
  }

  const machine = {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
  const store = { path: storePath, bytes: statSync(storePath).size, articles: articleCount };
  const allRatios = ratios(
    rows,
    QUERY_NAMES.filter((q) => queries.some((x) => x.name === q)),
  );
  const allGoals = goals(allRatios);
  const minutes = (performance.now() - started) / 60_000;
  const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, ${machine.date}`;
  const settingsLine = `${settings.preset}: ${settings.rounds} rounds × ${settings.durationSeconds} s per server and query, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up; store ${articleCount} articles (${(store.bytes / 2 ** 20).toFixed(1)} MB)`;

  console.log(
    `\nMachine: ${machineLine}\nSettings: ${settingsLine}\nRun took ${minutes.toFixed(1)} min.`,
  );
  const allBursts = [...bursts.values()].flat();
  const disturbance = otherShare({
    otherCpuMicros: allBursts.reduce((t, b) => t + b.otherCpuMicros, 0),
    seconds: allBursts.reduce((t, b) => t + b.seconds, 0),
  });
  console.log(
    `Other processes used ${(disturbance * 100).toFixed(0)}% of the cores during the bursts${disturbance > 0.1 ? ": the machine was not quiet, the figures are disturbed" : ""}.`,
  );
  console.log(
    `Responses: ${queries.map((q) => `${q.name} ${((responseBytes.get(q.name) ?? 0) / 1024).toFixed(1)} KB`).join(", ")}`,
  );
  console.log(resultTables(rows, labels));
  console.log(
    `\n**Ratios** (× factors; ours = our server as shipped, in brackets through the persisted-document path)\n`,
  );
  console.log(ratioTable(allRatios, labels));
  console.log(`\n**Goals of issue 7 measured here**\n\n${goalLines(allGoals)}`);

  await mkdir(args.out!, { recursive: true });
  const json = {
    machine,
    settings,
    store,
    git: gitState(),
    minutes,
    otherCpuShare: disturbance,
    queries: queries.map((q) => ({ ...q, responseBytes: responseBytes.get(q.name) })),
    rows,
    ratios: allRatios,
    goals: allGoals,
  };
  await writeJson(join(args.out!, "latest.json"), json);
  await writeFile(
    join(args.out!, "latest.svg"),
    chartSvg(
      rows,
      QUERY_NAMES.filter((q) => labels[q]),
      [settingsLine, machineLine],
    ),
  );
  console.error(`\nWrote ${join(args.out!, "latest.json")} and latest.svg`);
} catch (error) {
  await stopAll();
  throw error;
}
