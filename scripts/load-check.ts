/**
 * The load check of the hardening work: does a reader's article page stay fast while four other
 * clients send the worst queries the limits refuse? Starts the real server (src/server.ts,
 * NODE_ENV=production, on a private copy of the store), then measures with autocannon, all on
 * 127.0.0.1:
 *
 * 1. each attack document alone: the status and code it gets, and how long the refusal takes;
 * 2. one client sending the SDK's ArticlePage for the main story, alone, for N seconds (each
 *    request unique, so the response cache does not answer it);
 * 3. the same client for N seconds while four connections of a second process send the attack
 *    documents in turn.
 *
 * It prints the figures and the ratio p99(attack) / p99(alone) against the goal (at most 5x),
 * and exits 1 when the goal is missed. `npm run load-check -- --seconds 20` runs longer phases.
 */
import { spawn } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { ArticlePageDocument } from "@news-graph/client";
import { LIMITS } from "../src/limits.js";
import { startServer } from "../tests/helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
/** The most the attack may multiply the reader's p99 latency by. */
const GOAL = 5;
const ATTACKERS = 4;
const HEADERS = { "content-type": "application/json", accept: "application/graphql-response+json" };

const body = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify({ query, variables });

/** The reader's request: the SDK's article page, as a frontend sends it. */
const ARTICLE_PAGE = body(ArticlePageDocument.toString(), { slug: MAIN_SLUG });
/**
 * The reader's i-th request: the article page with a variable no operation declares, so the
 * response cache sees a new request every time and the page is computed; a cache hit would
 * measure the cache, not how the attack shares the thread with real work.
 */
const readerBody = (i: number) =>
  body(ArticlePageDocument.toString(), { slug: MAIN_SLUG, readerRequest: i });

/** `n` selections made by `item`, side by side. */
const list = (n: number, item: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => item(i)).join(" ");

/** `n` aliased copies of a small list field (armor does not count aliases of __typename). */
const aliases = (n: number) => list(n, (i) => `a${i}: topics { totalCount }`);

/** The main story's related stories nested `levels` times: three levels of depth each. */
function nested(levels: number): string {
  let inner = "id";
  for (let i = 0; i < levels; i++) inner = `related(first: 1) { edges { node { ${inner} } } }`;
  return `{ article(slug: "${MAIN_SLUG}") { ${inner} } }`;
}

/** 100 articles with 100 related stories each: a cost of 10,100 in six levels. */
const BIG_PAGE =
  "articles(first: 100) { edges { node { related(first: 100) { edges { node { id } } } } } }";

/** A JSON body of about `bytes` bytes: the query, and Arabic (two bytes a letter) as padding. */
function sized(query: string, bytes: number): string {
  const room = bytes - Buffer.byteLength(body(query, { padding: "" }));
  return body(query, { padding: "ب".repeat(Math.max(0, Math.floor(room / 2))) });
}

/**
 * The worst documents the limits refuse: each at or far past one limit, near the others, and
 * those that make validation write its most errors (graphql-js stops at 100); then 60 kB bodies.
 */
const ATTACKS: { name: string; body: string }[] = [
  {
    name: "depth 9 (limit 8)",
    body: body(
      "{ topics { edges { node { articles { edges { node { related { edges { node { id } } } } } } } } } }",
    ),
  },
  { name: "depth 212 in 990 tokens", body: body(nested(70)) },
  {
    name: "cost 151,500 (limit 5,000), 15 aliases",
    body: body(`{ ${list(15, (i) => `a${i}: ${BIG_PAGE}`)} }`),
  },
  { name: "16 aliases (limit 15)", body: body(`{ ${aliases(16)} }`) },
  { name: "160 aliases in 962 tokens", body: body(`{ ${aliases(160)} }`) },
  {
    name: "140 directives in 983 tokens (limit 50)",
    body: body(`{ __typename ${"@include(if: true) ".repeat(140)}}`),
  },
  {
    name: "95 conflicting fields: 100 validation errors",
    body: body(`{ ${list(95, (i) => `topics(first: ${i}) { totalCount }`)} }`),
  },
  {
    name: "330 unknown fields: 100 validation errors",
    body: body(`{ ${list(330, (i) => `f${i}`)} }`),
  },
  {
    name: "60 kB of tokens (limit 1,000)",
    body: body(`{ ${"__typename ".repeat(Math.floor((60 * 1024) / 11))}}`),
  },
  {
    name: "60 kB search text (limit 500 chars)",
    body: body(`{ search(query: "${"صاروخ بوتين ".repeat(2600)}") { totalCount } }`),
  },
  { name: "60 kB body, 1 field", body: sized("{ __typename }", 60 * 1024) },
  {
    name: `70 kB body (limit ${LIMITS.bodyBytes / 1024} kB)`,
    body: sized("{ __typename }", 70 * 1024),
  },
];

interface Run {
  seconds: number;
  responses: number;
  /** Latency of every response, ms, at full resolution (autocannon's histogram keeps whole ms). */
  latencies: number[];
  statuses: Record<number, number>;
  errors: number;
}

/** `connections` clients sending `bodyOf(0)`, `bodyOf(1)`, … for `seconds`. */
async function run(
  url: string,
  bodyOf: (i: number) => string,
  connections: number,
  seconds: number,
) {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const instance = autocannon(
    {
      url,
      connections,
      duration: seconds,
      method: "POST",
      headers: HEADERS,
      requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf(next++) }) }],
    },
    () => {},
  );
  instance.on("response", (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await new Promise<autocannon.Result>((resolve) => instance.on("done", resolve));
  const run: Run = {
    seconds: (performance.now() - started) / 1000,
    responses: latencies.length,
    latencies,
    statuses,
    errors: result.errors + result.timeouts,
  };
  return run;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** The machine's load: other processes on the same cores make every figure noisier. */
const load = () => `load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`;

const ms = (value: number) => `${value.toFixed(2)} ms`;
const perSecond = (r: Run) => Math.round(r.responses / r.seconds);
const mix = (statuses: Record<number, number>) =>
  Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(", ");

/** The attackers run in a process of their own, so their work never delays the reader's timer. */
async function attackerProcess(url: string, seconds: number): Promise<void> {
  console.log("attacking");
  const result = await run(url, (i) => ATTACKS[i % ATTACKS.length]!.body, ATTACKERS, seconds);
  console.log(JSON.stringify({ ...result, latencies: [] }));
}

/** Starts the attacker process; resolves with its figures when it is done. */
function attack(url: string, seconds: number): { started: Promise<void>; done: Promise<Run> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--attack", url, String(seconds)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  let markStarted: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("attacking")) markStarted();
  });
  const done = new Promise<Run>((resolve, reject) =>
    child.once("exit", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`the attacker process exited with ${code}`));
      resolve(JSON.parse(last) as Run);
    }),
  );
  return { started, done };
}

/** How the server answers one attack document: status, code, size, and the time of 30 refusals. */
async function probe(url: string, attack: { name: string; body: string }) {
  const times: number[] = [];
  let status = 0;
  let code = "";
  let replyBytes = 0;
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: HEADERS, body: attack.body });
    const text = await response.text();
    times.push(performance.now() - started);
    status = response.status;
    replyBytes = Buffer.byteLength(text);
    code =
      (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]
        ?.extensions?.code ?? "(none)";
  }
  return {
    attack: attack.name,
    bytes: Buffer.byteLength(attack.body),
    answer: `${status} ${code}`,
    "answer bytes": replyBytes,
    median: ms(percentile(times, 50)),
    p99: ms(percentile(times, 99)),
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1] ?? 10) || 10;
  const server = await startServer({ NODE_ENV: "production" });
  const url = server.url.replace("localhost", "127.0.0.1");
  try {
    const check = await fetch(url, { method: "POST", headers: HEADERS, body: ARTICLE_PAGE });
    const page = (await check.json()) as { data?: { article?: { headline?: string } } };
    if (check.status !== 200 || !page.data?.article?.headline) {
      throw new Error(`the article page does not answer normally: ${check.status}`);
    }
    console.log(`Server: ${server.url} (NODE_ENV=production); phases of ${seconds} s; ${load()}\n`);

    console.log("Each attack document alone (30 requests each):");
    const probes = [];
    for (const attack of ATTACKS) probes.push(await probe(url, attack));
    console.table(probes);

    await run(url, readerBody, 1, 2); // warm-up: JIT, caches, connections
    const alone = await run(url, readerBody, 1, seconds);
    const attackers = attack(url, seconds);
    await attackers.started;
    const underAttack = await run(url, readerBody, 1, seconds);
    const attacks = await attackers.done;

    console.log(`\nThe reader (1 client, ArticlePage) alone and beside ${ATTACKERS} attackers:`);
    const row = (phase: string, r: Run) => ({
      phase,
      "req/s": perSecond(r),
      p50: ms(percentile(r.latencies, 50)),
      p99: ms(percentile(r.latencies, 99)),
      statuses: mix(r.statuses),
    });
    console.table([row("alone", alone), row("under attack", underAttack)]);
    console.log(
      `Attackers (${ATTACKERS} connections, ${ATTACKS.length} documents in turn): ${perSecond(attacks)} req/s; ${mix(attacks.statuses)}; ${attacks.errors} errors or timeouts`,
    );
    const ratio = percentile(underAttack.latencies, 99) / percentile(alone.latencies, 99);
    const medians = percentile(underAttack.latencies, 50) / percentile(alone.latencies, 50);
    console.log(`p50 under attack / p50 alone = ${medians.toFixed(2)}x; ${load()}`);
    const met = ratio <= GOAL && !underAttack.statuses[500] && !attacks.statuses[500];
    console.log(
      `p99 under attack / p99 alone = ${ratio.toFixed(2)}x (goal: at most ${GOAL}x): ${met ? "met" : "MISSED"}`,
    );
    process.exitCode = met ? 0 : 1;
  } finally {
    server.child.kill("SIGTERM");
  }
}

if (process.argv[2] === "--attack") {
  await attackerProcess(process.argv[3]!, Number(process.argv[4]));
} else {
  await main();
}
