/**
 * npm run bench [-- --quick | --full] [--store PATH] [--rounds N] [--duration S]
 *   [--connections N] [--warmup S] [--servers ours,apollo,…] [--passes repeated,distinct,unique]
 *   [--cpu-prof DIR]   (each server writes V8 CPU profiles to DIR/<server>/ when it stops: see
 *   profile.ts)
 *
 * Starts each server in its own process on the same store, drives it with autocannon from this
 * process, interleaving the servers round by round (A B C D E, A B C D E, …), and prints req/s,
 * p50/p99 latency and the server's CPU time per request (from /proc) with the ratios issues 7's
 * and 11's goals are stated in. Writes bench/results/latest.json and latest.svg. See BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
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
  uniqueAlias,
  uniqueRequestBody,
  type BenchQuery,
  type DocumentForm,
  type QueryName,
} from "./queries.js";
import {
  chartSvg,
  goalLines,
  goals,
  issue11Table,
  issue7Table,
  PASSES,
  ratios,
  resultTables,
  SERVER_LABELS,
  type Pass,
  type PreviousRun,
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
  // The same server compiling every document on first sight (the behaviour before issue 11) and
  // never compiling: the two ends issue 11's threshold is measured against, in the same run.
  { key: "ours-jit-first", entry: OUR_SERVER, env: { JIT_AFTER_RUNS: "0" }, form: "text" },
  { key: "ours-no-jit", entry: OUR_SERVER, env: { JIT_AFTER_RUNS: "off" }, form: "text" },
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
const passes = (args.passes?.split(",") ?? [...PASSES]) as Pass[];
for (const pass of passes) {
  if (!PASSES.includes(pass))
    throw new Error(`--passes: unknown pass "${pass}" (${PASSES.join(", ")})`);
}
/**
 * The raw server answers with bytes fixed at start-up: only the repeated pass means anything to
 * it. The unique pass sends document text, so a persisted-document server has nothing to run.
 */
const runsIn = (spec: ServerSpec, pass: Pass) =>
  spec.key === "raw" ? pass === "repeated" : pass !== "unique" || spec.form === "text";

/**
 * Numbers for the nonce and the unique alias, counted across the whole run, not per burst: a
 * server sees the same server's warm-up and every round, so a count restarting at 0 each burst
 * would send round 2 the documents (and cache keys) of round 1, and the response cache or the
 * JIT threshold would see them as repeats.
 */
let requestSequence = 0;
const nextRequestNumber = () => requestSequence++;

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
  for (const key of [
    "TRUSTED_DOCUMENTS",
    "INTROSPECTION",
    "CORS_ORIGINS",
    "JIT_AFTER_RUNS",
    "NODE_OPTIONS",
  ]) {
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

/**
 * The figures of the run this one replaces in latest.json, for the repeated pass's comparison
 * with the previous run (another run on a shared machine, so context, not a goal).
 */
function previousRun(outDir: string): PreviousRun | undefined {
  const path = join(outDir, "latest.json");
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readFileSync(path, "utf8"));
    return { commit: json.git.commit, date: json.machine.date, rows: json.rows };
  } catch (error) {
    console.error(`Ignoring ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

const started = performance.now();
const previous = previousRun(args.out!);
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

  const bodyFor = (spec: ServerSpec, query: BenchQuery, pass: Pass): string | (() => string) => {
    switch (pass) {
      case "repeated":
        return requestBody(query, spec.form);
      case "distinct":
        return () => requestBody(query, spec.form, nextRequestNumber());
      case "unique":
        return () => uniqueRequestBody(query, nextRequestNumber());
    }
  };

  // Every server must give the same data for every request, or the comparison means nothing.
  const responseBytes = new Map<QueryName, number>();
  for (const query of queries) {
    let reference: unknown;
    for (const spec of servers) {
      for (const pass of passes.filter((p) => runsIn(spec, p))) {
        const number = requestSequence;
        const body = bodyFor(spec, query, pass);
        const reply = await post(
          children.get(spec.key)!.url,
          typeof body === "string" ? body : body(),
        );
        const result = JSON.parse(reply.text) as {
          data?: Record<string, unknown>;
          errors?: unknown;
        };
        if (reply.status !== 200 || result.errors || !result.data) {
          throw new Error(
            `${spec.key} ${query.name} (${pass}): HTTP ${reply.status} ${reply.text.slice(0, 300)}`,
          );
        }
        if (pass === "unique") {
          // The added alias answers the root type's name; the rest must be the SDK query's data.
          const { [uniqueAlias(number)]: typename, ...rest } = result.data;
          if (typename !== "Query") {
            throw new Error(
              `${spec.key} ${query.name} (unique): alias answered ${String(typename)}`,
            );
          }
          result.data = rest;
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

  const run = (spec: ServerSpec, query: BenchQuery, pass: Pass, seconds: number) => {
    const child = children.get(spec.key)!;
    // A server that died between bursts would otherwise surface as a missing /proc file.
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `${spec.key} exited (${child.process.exitCode ?? child.process.signalCode}) before ${pass} ${query.name}:\n${child.output().slice(-2000)}`,
      );
    }
    return burst({
      url: child.url,
      pid: child.pid,
      body: bodyFor(spec, query, pass),
      connections: settings.connections,
      durationSeconds: seconds,
    });
  };

  if (settings.warmupSeconds > 0) {
    console.error(`Warm-up: ${settings.warmupSeconds} s per server, query and pass (not counted)…`);
    for (const pass of passes)
      for (const query of queries)
        for (const spec of servers)
          if (runsIn(spec, pass)) await run(spec, query, pass, settings.warmupSeconds);
  }

  const bursts = new Map<string, Burst[]>();
  const keyOf = (pass: Pass, server: ServerKey, query: QueryName) => `${pass}|${server}|${query}`;
  for (let round = 1; round <= settings.rounds; round++) {
    for (const pass of passes) {
      for (const query of queries) {
        for (const spec of servers) {
          if (!runsIn(spec, pass)) continue;
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
    previous,
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
    `\n**Issue 11 ratios** (server CPU per request; ours = as shipped, compiling a document on its third run; JIT on first run = JIT_AFTER_RUNS=0; JIT off = JIT_AFTER_RUNS=off; previous run = ${previous ? `commit ${previous.commit.slice(0, 7)}, ${previous.date}` : "none"})\n`,
  );
  console.log(issue11Table(allRatios, labels));
  if (servers.some((s) => ["apollo", "raw", "ours-persisted"].includes(s.key))) {
    console.log(
      `\n**Issue 7 ratios** (× factors; ours = our server as shipped, in brackets through the persisted-document path)\n`,
    );
    console.log(issue7Table(allRatios, labels));
  }
  console.log(`\n**Goals measured here**\n\n${goalLines(allGoals)}`);

  await mkdir(args.out!, { recursive: true });
  const json = {
    machine,
    settings,
    store,
    git: gitState(),
    previousRun: previous && { commit: previous.commit, date: previous.date },
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
