/**
 * npm run test:cluster
 *
 * Three production replicas on one PostgreSQL behind nginx (deploy/nginx.conf), as README
 * "Running in production" runs them, and what must hold of them:
 * (a) a page ingested while a client reads through nginx reaches every replica within 1 s;
 * (b) a replica killed with SIGKILL under load: nginx routes around it, no 5xx beyond requests
 *     in flight;
 * (c) PostgreSQL stopped for 5 s under load: replicas answer a coded 503 (STORE_UNAVAILABLE),
 *     within the client's timeout, stay up, and are ready again by themselves once it is back.
 * Starts its own PostgreSQL 15 unless TEST_DATABASE_URL (with TEST_DATABASE_DIR, its data
 * folder) names one; needs nginx. Prints a table; exits 1 if any check fails. Not part of
 * `npm test`: it takes a minute and needs a real server, nginx and free ports.
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { CHANGES_CHANNEL } from "../../src/store/postgres/write.js";
import { CLIENT_TIMEOUT_MS, graphqlUrl, hit, Load, tally, type Outcome } from "./load.js";
import {
  freshDatabase,
  postgres,
  run,
  startNginx,
  startReplica,
  Teardown,
  until200,
  type Postgres,
  type Replica,
} from "./processes.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const SEED_PAGE = "data/pages/000_d6ebe4d0a221472b.txt";
const SEED_DATE = "2026-01-09";
const MAIN_STORY = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const STORY = "query Story($slug: String!) { article(slug: $slug) { headline } }";
const HOME = "query Home($first: Int) { articles(first: $first) { edges { node { headline } } } }";
const PROPAGATION_LIMIT_MS = 1_000;
/** How long after the ingest the replicas are watched for the story, to report a late arrival. */
const WATCH_AFTER_INGEST_MS = 10_000;
const OUTAGE_MS = 5_000;
const RECOVERY_LIMIT_MS = 10_000;

interface Row {
  check: string;
  measured: string;
  limit: string;
  pass: boolean;
}
const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  console.log(`${row.pass ? "ok  " : "FAIL"} ${row.check}: ${row.measured}`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const npm = (args: string[], env: Record<string, string> = {}) =>
  run("npm", ["--prefix", repo, "--silent", ...args], { env });

/** The main story's headline as `base` serves it, or null while it has none. */
async function headlineAt(base: string): Promise<string | null | undefined> {
  const outcome = await hit(graphqlUrl(base, STORY, { slug: MAIN_STORY }));
  return (outcome.data as { article: { headline: string } | null } | undefined)?.article?.headline;
}

/**
 * Polls `base` until it serves the main story; when it first did, or undefined once `deadline()`
 * (moved on when the ingest ends: on a busy machine the ingest alone may take many seconds).
 */
async function firstServed(base: string, deadline: () => number): Promise<number | undefined> {
  while (performance.now() < deadline()) {
    const headline = await headlineAt(base);
    if (headline?.startsWith("زعيم كوريا الشمالية")) return performance.now();
    await sleep(10);
  }
  return undefined;
}

/**
 * When the next write commits: its NOTIFY, heard by a listener of the test's own (the earliest
 * moment anyone outside the writer can know of the change).
 */
async function nextCommit(url: string): Promise<{ committed: Promise<number> }> {
  const client = new pg.Client(url);
  await client.connect();
  await client.query(`LISTEN ${CHANGES_CHANNEL}`);
  const committed = new Promise<number>((resolve) =>
    client.once("notification", () => resolve(performance.now())),
  ).finally(() => client.end());
  return { committed };
}

/** When `replica` logged that it moved to the new data, on this process's performance clock. */
function reloadedAt(replica: Replica): number | undefined {
  const line = replica
    .output()
    .split("\n")
    .find((text) => text.includes('"msg":"Reloaded'));
  if (!line) return undefined;
  return Math.round(Date.parse(JSON.parse(line).time) - performance.timeOrigin);
}

/** (a) The seed page ingested while clients read: each replica, and nginx, serve it within 1 s. */
async function ingestReachesEveryReplica(url: string, nginx: string, replicas: Replica[]) {
  const targets: [string, string, Replica?][] = [
    ...replicas.map((replica): [string, string, Replica] => [replica.name, replica.url, replica]),
    ["nginx", nginx],
  ];
  const before = await Promise.all(targets.map(([, base]) => headlineAt(base)));
  if (before.some((headline) => headline !== undefined)) {
    throw new Error(`the database was not empty before the ingest: ${before}`);
  }
  const reader = new Load(2, () => graphqlUrl(nginx, HOME, { first: 5 }));
  const { committed } = await nextCommit(url);
  let deadline = Infinity;
  const ingestStarted = performance.now();
  const seen = targets.map(([, base]) => firstServed(base, () => deadline));
  await npm(["run", "ingest", "--", "--date", SEED_DATE, SEED_PAGE], { NEWS_DB: url }).finally(
    () => (deadline = performance.now() + WATCH_AFTER_INGEST_MS),
  );
  const ingestEnded = performance.now();
  console.log(`the ingest (npm run ingest) ran ${Math.round(ingestEnded - ingestStarted)} ms`);
  const served = await Promise.all(seen);
  const commitAt = await committed;
  const reads = tally(await reader.stop());
  targets.forEach(([name, , replica], i) => {
    const at = served[i];
    const lag = at === undefined ? undefined : Math.round(at - commitAt);
    const moved = replica && reloadedAt(replica);
    const feed = moved === undefined ? "" : `moved ${moved - Math.round(commitAt)} ms, `;
    record({
      check: `(a) ${name} serves the ingested story`,
      // The ingest process exits a while after its commit (closing its pool, npm's own exit).
      measured:
        at === undefined
          ? `not within ${WATCH_AFTER_INGEST_MS / 1000} s of the ingest`
          : `${feed}served ${lag} ms after the commit (${Math.round(at - ingestEnded)} ms after the ingest exited)`,
      limit: `<= ${PROPAGATION_LIMIT_MS} ms`,
      pass:
        lag !== undefined &&
        lag <= PROPAGATION_LIMIT_MS &&
        at! - ingestEnded <= PROPAGATION_LIMIT_MS,
    });
  });
  record({
    check: "(a) reads through nginx during the ingest",
    measured: `${reads.ok}/${reads.requests} answered 200`,
    limit: "all 200",
    pass: reads.ok === reads.requests && reads.requests > 0,
  });
}

/** Each replica's change counter, from its metrics port. */
async function generations(replicas: Replica[]): Promise<number[]> {
  return Promise.all(
    replicas.map(async (replica) => {
      const text = await (await fetch(replica.metricsUrl)).text();
      return Number(text.match(/^news_store_generation (\d+)$/m)?.[1]);
    }),
  );
}

/** (b) SIGKILL to one replica under load: nginx routes around it. */
async function killedReplicaIsRoutedAround(nginx: string, victim: Replica) {
  let n = 0;
  const load = new Load(8, () =>
    n++ % 2
      ? graphqlUrl(nginx, STORY, { slug: MAIN_STORY })
      : graphqlUrl(nginx, HOME, { first: 1 + (n % 20) }),
  );
  await sleep(1_500);
  const inFlight = load.inFlight;
  victim.child.kill("SIGKILL");
  await sleep(3_000);
  const outcomes = tally(await load.stop());
  const failed = outcomes.otherErrors + outcomes.noAnswer;
  record({
    check: `(b) ${victim.name} killed (SIGKILL) under load`,
    measured: `${outcomes.requests} requests: ${outcomes.ok} 200, ${failed} 5xx or unanswered (${inFlight} in flight at the kill), slowest ${outcomes.maxMs} ms`,
    limit: `5xx <= in flight (${inFlight})`,
    pass: failed <= inFlight && outcomes.timedOut === 0 && !victim.alive(),
  });
}

/** (c) PostgreSQL stopped for 5 s under load: coded 503s, no hang, no crash, recovery. */
async function databaseOutage(pg: Postgres, nginx: string, replicas: Replica[]) {
  const bases = [nginx, ...replicas.map((replica) => replica.url)];
  let n = 0;
  // Slugs nobody asked for before: every request reaches the database, none is a cached answer.
  const load = new Load(6, () =>
    graphqlUrl(bases[n % bases.length]!, STORY, { slug: `no-such-story-${n++}` }),
  );
  await sleep(1_000);
  const stoppedAt = performance.now();
  await pg.stop();
  await sleep(OUTAGE_MS);
  await pg.start();
  const startedAt = performance.now();
  const recovery = await Promise.all(
    replicas.map((replica) =>
      until200(`${replica.url}/health/ready`, RECOVERY_LIMIT_MS).then(
        async (ms) => {
          // Ready, and answering from the database again.
          const answer = await hit(graphqlUrl(replica.url, STORY, { slug: "after-the-outage" }));
          return answer.status === 200 ? Math.round(performance.now() - startedAt) : undefined;
        },
        () => undefined,
      ),
    ),
  );
  await sleep(500);
  const outcomes = await load.stop();
  const during = outcomes.filter((o: Outcome) => o.at >= stoppedAt && o.at <= startedAt);
  const all = tally(outcomes);
  const down = tally(during);
  record({
    check: "(c) answers while PostgreSQL is down",
    measured: `${down.requests} requests: ${down.storeUnavailable} coded 503 STORE_UNAVAILABLE, ${down.ok} 200, ${down.otherErrors} other 5xx, ${down.noAnswer} unanswered`,
    limit: "coded 503s, no other 5xx",
    pass: down.storeUnavailable > 0 && down.otherErrors === 0 && down.noAnswer === 0,
  });
  record({
    check: "(c) slowest answer around the outage",
    measured: `${all.maxMs} ms, ${all.timedOut} timed out`,
    limit: `< ${CLIENT_TIMEOUT_MS} ms`,
    pass: all.timedOut === 0 && all.maxMs < CLIENT_TIMEOUT_MS,
  });
  replicas.forEach((replica, i) =>
    record({
      check: `(c) ${replica.name} after PostgreSQL is back`,
      measured: `${replica.alive() ? "alive" : "CRASHED"}, ${recovery[i] === undefined ? "not ready" : `ready and answering ${recovery[i]} ms after the restart`}`,
      limit: `alive, <= ${RECOVERY_LIMIT_MS} ms`,
      pass: replica.alive() && recovery[i] !== undefined,
    }),
  );
}

function printTable(): void {
  const header = ["check", "measured", "limit", "result"];
  const cells = rows.map((row) => [row.check, row.measured, row.limit, row.pass ? "pass" : "FAIL"]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...cells].map((line) => line[i]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(
    ["", line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n"),
  );
}

async function main(teardown: Teardown): Promise<boolean> {
  console.log("building the server (npm run build)");
  await npm(["run", "build"]);
  const pg = await postgres(teardown);
  const url = await freshDatabase(teardown, pg.url);
  await npm(["run", "db:migrate"], { NEWS_DB: url });
  const replicas = await Promise.all(
    ["replica-1", "replica-2", "replica-3"].map((name) => startReplica(teardown, name, url)),
  );
  await Promise.all(
    replicas.map((replica) => until200(`${replica.url}/health/ready`, 60_000, replica)),
  );
  const nginx = await startNginx(teardown, replicas);
  await until200(graphqlUrl(nginx.url, "{ __typename }"), 10_000, nginx.started);
  console.log(`3 replicas behind nginx at ${nginx.url}; PostgreSQL ${new URL(url).host}`);

  await ingestReachesEveryReplica(url, nginx.url, replicas);
  const counters = await generations(replicas);
  record({
    check: "(a) change counter on each replica's metrics",
    measured: counters.join(", "),
    limit: "equal, > 0",
    pass: counters.every((counter) => counter > 0 && counter === counters[0]),
  });
  await killedReplicaIsRoutedAround(nginx.url, replicas[2]!);
  await databaseOutage(pg, nginx.url, replicas.slice(0, 2));
  printTable();
  const failed = rows.filter((row) => !row.pass);
  if (failed.length > 0) {
    for (const replica of replicas)
      console.error(`--- ${replica.name}\n${replica.output().slice(-3000)}`);
  }
  return failed.length === 0;
}

const teardown = new Teardown();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the cluster`);
    void teardown.run().finally(() => process.exit(130));
  });
}
const passed = await main(teardown).catch((error: Error) => {
  console.error(`cluster test: ${error.message}`);
  return false;
});
await teardown.run();
process.exit(passed ? 0 : 1);
