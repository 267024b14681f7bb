/**
 * The one query/transaction layer the PostgreSQL store runs on: the part of node-postgres' Pool
 * it uses, so a `pg.Pool` is one as it is, and an embedded engine (PGlite in the tests) is one
 * through a small adapter. Kysely's migrator runs on the same object.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number | null;
}

/** Anything SQL can be sent to: the pool (a connection per query) or one checked-out client. */
export interface Queryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

export interface DbClient extends Queryable {
  /** Gives the connection back; an error closes it instead, as a broken one must not be reused. */
  release(error?: Error | boolean): void;
}

/** A pool's connections now (node-postgres' counts), for metrics. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Db extends Queryable {
  connect(): Promise<DbClient>;
  end(): Promise<void>;
  /** The pool's connections now, for metrics; an embedded engine has no pool. */
  stats?(): PoolStats;
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when
 * it throws (and when the process dies, by the server), so nothing is ever half-written.
 */
export async function inTransaction<T>(
  db: Db,
  work: (client: Queryable) => Promise<T>,
): Promise<T> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // A rollback on a dead connection fails too; the first error is the one worth reporting.
    await client.query("ROLLBACK").catch(() => undefined);
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
