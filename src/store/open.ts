/**
 * NEWS_DB picks the store: a postgres:// (or postgresql://) URL the PostgreSQL backend, anything
 * else the path of a JSON store file (data/db.json when unset). The one place that knows both.
 */
import { acquireStoreLock, releaseOnSignal } from "./json/lock.js";
import { LowdbStore, storePathFromEnv } from "./json/lowdb.js";
import { followChanges, type FeedLag } from "./postgres/change-feed.js";
import type { Db, PoolStats } from "./postgres/db.js";
import { migrate, schemaProblem } from "./postgres/migrate.js";
import { createPool, isDatabaseUrl, redactUrl } from "./postgres/pool.js";
import { PostgresStore } from "./postgres/store.js";
import type { WritableStore } from "./store.js";

export interface OpenedStore {
  store: WritableStore;
  /** What is being served, fit for a log: a file path, or the URL without its password. */
  description: string;
  /** Where the store lives, for what keeps state beside it (the webhooks' cursors). */
  location: { file: string } | { db: Db };
  /** Follows other processes' writes: the store moves to them and `onChange` is told. */
  follow(onChange: () => void, onError: (error: unknown) => void): Following;
  /** The database pool's connections now; undefined for a JSON file. */
  poolStats(): PoolStats | undefined;
  /** Why the store cannot serve now (database unreachable, schema too old), or undefined. */
  readiness(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** A store following other processes' writes. */
export interface Following {
  stop(): void;
  /** How far behind the database it is; undefined for a JSON file (reloaded whole on change). */
  lag(): FeedLag | undefined;
}

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Opening to write (the ingest): a JSON store takes its single-writer lock file, released on
   * close or on Ctrl-C; PostgreSQL needs none, its writes queue on an advisory lock.
   */
  writer?: boolean;
}

/** The PostgreSQL store on `db`, with pending migrations applied first (under their lock). */
export async function openPostgresStore(db: Db): Promise<PostgresStore> {
  await migrate(db);
  return PostgresStore.open(db);
}

async function openDatabase(url: string, env: NodeJS.ProcessEnv): Promise<OpenedStore> {
  const description = redactUrl(url);
  const db = createPool(url, env);
  const store = await openPostgresStore(db).catch(async (error: Error) => {
    await db.end();
    // A driver's message may quote the connection string: name the redacted one only.
    throw new Error(
      `cannot open the store ${description}: ${error.message.replace(url, description)}`,
    );
  });
  return {
    store,
    description,
    location: { db },
    follow: (onChange, onError) => followChanges(db, store, onChange, onError),
    poolStats: () => db.stats?.(),
    readiness: () => schemaProblem(db).catch((error: Error) => error.message),
    close: () => db.end(),
  };
}

async function openFile(path: string, writer: boolean): Promise<OpenedStore> {
  const release = writer ? await acquireStoreLock(path) : async () => undefined;
  if (writer) releaseOnSignal(release);
  const store = await LowdbStore.open(path).catch(async (error: Error) => {
    await release();
    throw new Error(`cannot read the store ${path}: ${error.message}`);
  });
  return {
    store,
    description: path,
    location: { file: path },
    follow: (onChange, onError) => {
      const watcher = store.watch(onChange, onError);
      return { stop: () => watcher.close(), lag: () => undefined };
    },
    poolStats: () => undefined,
    // Loaded whole at start: a JSON store that opened can always serve.
    readiness: async () => undefined,
    close: release,
  };
}

/** Opens the store NEWS_DB names. */
export function openStore({
  env = process.env,
  writer = false,
}: OpenOptions = {}): Promise<OpenedStore> {
  const setting = env.NEWS_DB ?? "";
  return isDatabaseUrl(setting)
    ? openDatabase(setting, env)
    : openFile(storePathFromEnv(env), writer);
}
