import pg from "pg";
import type { Db } from "./db.js";

/** NEWS_DB selects this backend when it is a PostgreSQL URL; anything else names a JSON file. */
export const isDatabaseUrl = (setting: string): boolean => /^postgres(ql)?:\/\//i.test(setting);

/** The URL with its password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // An unparsable URL may hold the password anywhere: show none of it.
    return "postgres://(unparsable URL)";
  }
}

/** A whole number of at least 1 from the environment, or the default; anything else is refused. */
function setting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new Error(`${name} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * The pool's bounds. Each has a client-side timeout, since a dead or partitioned server answers
 * nothing at all: `statement_timeout` alone is enforced by the server, which may be the thing
 * that is gone.
 */
export function poolSettings(url: string, env: NodeJS.ProcessEnv = process.env): pg.PoolConfig {
  const queryTimeout = setting(env, "NEWS_DB_QUERY_TIMEOUT_MS", 10_000);
  return {
    // TLS comes from the URL (sslmode=require|verify-ca|verify-full, sslrootcert=…) or PGSSLMODE.
    connectionString: url,
    max: setting(env, "NEWS_DB_POOL_MAX", 10),
    connectionTimeoutMillis: setting(env, "NEWS_DB_CONNECT_TIMEOUT_MS", 5_000),
    idleTimeoutMillis: setting(env, "NEWS_DB_IDLE_TIMEOUT_MS", 30_000),
    query_timeout: queryTimeout,
    statement_timeout: queryTimeout,
    application_name: "news-graph",
  };
}

/** A bounded node-postgres pool on `url`. Errors of idle connections are logged, never fatal. */
export function createPool(url: string, env: NodeJS.ProcessEnv = process.env): Db {
  const pool = new pg.Pool(poolSettings(url, env));
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return pool;
}
