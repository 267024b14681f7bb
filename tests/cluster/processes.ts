/**
 * The cluster test's processes: PostgreSQL, the replicas and nginx, each started on a free port
 * in a temporary folder, and every one of them stopped (and its folder removed) however the test
 * ends. Nothing here is the test itself; tests/cluster/run.ts is.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool } from "../../src/store/postgres/pool.js";

const PG_BIN = "/usr/lib/postgresql/15/bin";
export const NGINX = "/usr/sbin/nginx";

/** What must be undone when the test ends, last started first stopped. */
export class Teardown {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];

  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await Promise.resolve()
        .then(step)
        .catch((error: Error) => console.error(`cleanup: ${error.message}`));
    }
  }
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** A temporary folder, removed at teardown. */
export async function tempFolder(teardown: Teardown, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `news-cluster-${name}-`));
  teardown.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs a command to its end (as postgres, when root, for PostgreSQL's tools); its output. */
export function run(
  command: string,
  args: readonly string[],
  { asPostgres = false, env = {} }: { asPostgres?: boolean; env?: Record<string, string> } = {},
): Promise<string> {
  const root = process.getuid?.() === 0;
  // initdb and pg_ctl refuse to run as root.
  const [file, argv] =
    asPostgres && root ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve(output) : reject(new Error(`${command} failed: ${output}`)),
    );
  });
}

/** A PostgreSQL server the test may stop and start again on the same folder and port. */
export interface Postgres {
  /** The server's URL (its postgres database), for creating the test's own database. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const pgCtl = (args: readonly string[]) => run(`${PG_BIN}/pg_ctl`, args, { asPostgres: true });

/**
 * The server's start options as it was started (postmaster.opts), without its data folder:
 * starting it again with them brings it back on the same port and socket folder.
 */
async function startOptions(dataDir: string): Promise<string> {
  const recorded = await readFile(join(dataDir, "postmaster.opts"), "utf8");
  const words = [...recorded.matchAll(/"([^"]*)"/g)].map((match) => match[1]!);
  const dataFlag = words.indexOf("-D");
  if (dataFlag >= 0) words.splice(dataFlag, 2);
  return words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
}

/** Stop and start for a server whose data folder is `dataDir`. */
async function controlled(url: string, dataDir: string, log: string): Promise<Postgres> {
  const options = await startOptions(dataDir);
  return {
    url,
    stop: () => pgCtl(["-D", dataDir, "-m", "fast", "-w", "stop"]).then(() => undefined),
    start: () =>
      pgCtl(["-D", dataDir, "-l", log, "-w", "-o", options, "start"]).then(() => undefined),
  };
}

/** A temporary folder PostgreSQL's tools may write to (they run as postgres when we are root). */
async function postgresFolder(teardown: Teardown, name: string): Promise<string> {
  const dir = await tempFolder(teardown, name);
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString());
    await chown(dir, id("-u"), id("-g"));
  }
  return dir;
}

/**
 * TEST_DATABASE_URL's server when set (its data folder in TEST_DATABASE_DIR, so that it can be
 * stopped and started), else a PostgreSQL 15 of the test's own on a temporary folder.
 */
export async function postgres(teardown: Teardown): Promise<Postgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    const dataDir = process.env.TEST_DATABASE_DIR;
    if (!dataDir) {
      throw new Error(
        "TEST_DATABASE_URL is set without TEST_DATABASE_DIR: the test stops and starts PostgreSQL, so it needs the server's data folder (or unset TEST_DATABASE_URL to let it start its own).",
      );
    }
    const log = join(await postgresFolder(teardown, "pg-log"), "server.log");
    return controlled(given, dataDir, log);
  }
  const dir = await postgresFolder(teardown, "pg");
  const dataDir = join(dir, "data");
  await run(`${PG_BIN}/initdb`, ["-D", dataDir, "-A", "trust", "-U", "postgres"], {
    asPostgres: true,
  });
  const port = await freePort();
  const log = join(dir, "server.log");
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  await pgCtl(["-D", dataDir, "-l", log, "-w", "-o", options, "start"]);
  teardown.add(() => pgCtl(["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => {}));
  return controlled(`postgres://postgres@127.0.0.1:${port}/postgres`, dataDir, log);
}

/** A new, empty database on the server, dropped at teardown. */
export async function freshDatabase(teardown: Teardown, serverUrl: string): Promise<string> {
  const name = `news_graph_cluster_${randomUUID().replaceAll("-", "")}`;
  const admin = createPool(serverUrl);
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  teardown.add(async () => {
    const pool = createPool(serverUrl);
    await pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => pool.end());
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A process the test started, with what it has printed. */
export interface Started {
  child: ChildProcess;
  output(): string;
  /** Whether it is still running. */
  alive(): boolean;
}

/** Starts `command`, killed at teardown if still running. */
export function start(
  teardown: Teardown,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Started {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const alive = () => child.exitCode === null && child.signalCode === null;
  teardown.add(async () => {
    if (!alive()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  });
  return { child, output: () => output, alive };
}

/** A server replica on the built code (npm run build), in production mode. */
export interface Replica extends Started {
  name: string;
  port: number;
  url: string;
  metricsUrl: string;
}

/**
 * The database settings the replicas run with, as README "Running in production" gives them:
 * a connection that is refused or a query that hangs fails within a client's patience.
 */
export const REPLICA_DB_SETTINGS = {
  NEWS_DB_POOL_MAX: "10",
  NEWS_DB_CONNECT_TIMEOUT_MS: "1000",
  NEWS_DB_QUERY_TIMEOUT_MS: "3000",
};

export async function startReplica(
  teardown: Teardown,
  name: string,
  databaseUrl: string,
): Promise<Replica> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const started = start(teardown, process.execPath, ["dist/server.js"], {
    NODE_ENV: "production",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    NEWS_DB: databaseUrl,
    ...REPLICA_DB_SETTINGS,
  });
  return {
    ...started,
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
  };
}

/** Polls `url` until it answers 200, or rejects after `ms`. */
export async function until200(url: string, ms: number, started?: Started): Promise<number> {
  const from = performance.now();
  while (performance.now() - from < ms) {
    if (started && !started.alive()) throw new Error(`exited: ${started.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return performance.now() - from;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `${url} did not answer 200 within ${ms} ms${started ? `: ${started.output()}` : ""}`,
  );
}

/**
 * nginx on deploy/nginx.conf, balancing `replicas`; its pid file, logs and buffers in a
 * temporary folder. Fails with a clear message when nginx is not installed.
 */
export async function startNginx(
  teardown: Teardown,
  replicas: readonly Replica[],
): Promise<{ url: string; started: Started; prefix: string }> {
  const installed = await run(NGINX, ["-v"]).then(
    () => true,
    () => false,
  );
  if (!installed) {
    throw new Error(
      `nginx is not installed (${NGINX}): the cluster test balances the replicas with Debian's nginx. Install it with: apt-get install -y nginx`,
    );
  }
  const prefix = await tempFolder(teardown, "nginx");
  // Its workers run as nobody when nginx is started as root: they must reach the buffers' folder.
  await chmod(prefix, 0o755);
  const port = await freePort();
  const template = await readFile(new URL("../../deploy/nginx.conf", import.meta.url), "utf8");
  const values: Record<string, string> = {
    PREFIX: prefix,
    LISTEN: `127.0.0.1:${port}`,
    UPSTREAMS: replicas
      .map((replica) => `server 127.0.0.1:${replica.port} max_fails=1 fail_timeout=5s;`)
      .join("\n    "),
  };
  const config = template.replace(
    /\$\{([A-Z]+)\}/g,
    (placeholder, name: string) => values[name] ?? placeholder,
  );
  await writeFile(join(prefix, "nginx.conf"), config);
  // -e: its log from the start, before it has read the configuration's error_log.
  const args = ["-p", prefix, "-e", join(prefix, "error.log"), "-c", join(prefix, "nginx.conf")];
  await run(NGINX, ["-t", ...args]);
  const started = start(teardown, NGINX, args);
  return { url: `http://127.0.0.1:${port}`, started, prefix };
}
