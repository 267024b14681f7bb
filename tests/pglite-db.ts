import { PGlite } from "@electric-sql/pglite";
import type { Db, DbClient, QueryResult } from "../src/store/postgres/db.js";

/**
 * PGlite (PostgreSQL in WebAssembly, one connection) as the store's Db: connections are handed
 * out one at a time, so a transaction never sees another caller's statements. A query without
 * parameters may hold several statements, as on a server (the migrations do).
 */
export class PGliteDb implements Db {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly engine: PGlite) {}

  static async create(): Promise<PGliteDb> {
    return new PGliteDb(await PGlite.create());
  }

  async connect(): Promise<DbClient> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise((resolve) => (release = resolve));
    await previous;
    return { query: (sql, params) => this.run(sql, params), release: () => release() };
  }

  async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const client = await this.connect();
    try {
      return await client.query<Row>(sql, params);
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    await this.engine.close();
  }

  private async run<Row>(sql: string, params?: readonly unknown[]) {
    const result =
      params && params.length > 0
        ? await this.engine.query<Row>(sql, [...params])
        : (await this.engine.exec(sql)).at(-1)!;
    const rows = (result?.rows ?? []) as Row[];
    return {
      rows,
      rowCount: result?.affectedRows ?? rows.length,
      command: result && "command" in result ? (result as { command?: string }).command : undefined,
    };
  }
}
