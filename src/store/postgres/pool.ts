import pg from "pg";
import { StoreUnavailableError } from "../store.js";
import { wholeNumberSetting } from "../../settings.js";
import type { Db, DbClient, QueryResult } from "./db.js";

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
const setting = (env: NodeJS.ProcessEnv, name: string, fallback: number): number =>
  wholeNumberSetting(name, env[name], 1) ?? fallback;

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

/**
 * Errors that say the server is gone or slow, not that the SQL is wrong: a refused or broken
 * connection, a client-side timeout, a server shutting down (57P0x), or a connection exception
 * (class 08).
 */
function isUnreachable(error: unknown): boolean {
  const { code, message = "" } = error as { code?: string; message?: string };
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"].includes(
      code ?? "",
    ) ||
    /^(08|57P0)/.test(code ?? "") ||
    /timeout|Connection terminated/i.test(message)
  );
}

const reported = (error: unknown): unknown =>
  isUnreachable(error)
    ? new StoreUnavailableError(`PostgreSQL unreachable: ${(error as Error).message}`, {
        cause: error,
      })
    : error;

/**
 * A bounded node-postgres pool on `url`. Errors of idle connections are logged, never fatal;
 * a query or connection that fails because the server is unreachable or too slow rejects with
 * StoreUnavailableError, which the API answers with a 503.
 */
export function createPool(url: string, env: NodeJS.ProcessEnv = process.env): Db {
  const pool = new pg.Pool(poolSettings(url, env));
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return {
    query: <Row>(sql: string, params?: readonly unknown[]) =>
      pool.query(sql, params as unknown[]).then(
        (result) => result as unknown as QueryResult<Row>,
        (error: unknown) => Promise.reject(reported(error)),
      ),
    connect: () =>
      pool.connect().then(
        (client) => client as DbClient,
        (error: unknown) => Promise.reject(reported(error)),
      ),
    end: () => pool.end(),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
