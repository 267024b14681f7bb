/**
 * The database schema, by migrations, with Kysely's Migrator: it runs on any pg-Pool-shaped
 * object (so on PGlite in the tests as on a server), runs all pending migrations in one
 * transaction, and holds a PostgreSQL advisory lock while it does, so replicas that start
 * together wait for each other instead of racing. Migrations are only ever added, each one
 * additive (expand now, contract in a later release), so old and new replicas share a schema
 * during a rolling deploy.
 */
import { Kysely, Migrator, PostgresDialect, type Migration, type PostgresPool } from "kysely";
import type { Db, Queryable } from "./db.js";
import * as articles from "./migrations/0001-articles.js";
import * as searchAndChanges from "./migrations/0002-search-and-changes.js";
import * as publishedChanges from "./migrations/0003-published-changes.js";
import * as webhookCursors from "./migrations/0004-webhook-cursors.js";
import * as relatedCounts from "./migrations/0005-related-counts.js";
import * as headlineKeys from "./migrations/0006-headline-keys.js";
import * as articleCounts from "./migrations/0007-article-counts.js";

/** Every migration by name, applied in name order. Add new ones at the end; never edit old ones. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-articles": articles,
  "0002-search-and-changes": searchAndChanges,
  "0003-published-changes": publishedChanges,
  "0004-webhook-cursors": webhookCursors,
  "0005-related-counts": relatedCounts,
  "0006-headline-keys": headlineKeys,
  "0007-article-counts": articleCounts,
};

/** The schema this code needs: the last migration it ships. */
export const REQUIRED_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;

const MIGRATION_TABLE = "schema_migrations";

/** A Kysely over the store's pool that leaves the pool open when it is destroyed. */
function kyselyOn(db: Db): Kysely<unknown> {
  const pool: PostgresPool = {
    connect: () => db.connect() as ReturnType<PostgresPool["connect"]>,
    end: async () => undefined,
  };
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

function migratorOn(kysely: Kysely<unknown>): Migrator {
  return new Migrator({
    db: kysely,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
}

/**
 * Applies the pending migrations, up to `target` (the last by default). Returns the names applied;
 * throws with the failing migration's name when one fails, having applied none of them.
 */
export async function migrate(db: Db, target?: string): Promise<string[]> {
  const kysely = kyselyOn(db);
  try {
    const migrator = migratorOn(kysely);
    const { error, results = [] } = await (target === undefined
      ? migrator.migrateToLatest()
      : migrator.migrateTo(target));
    const failed = results.find((result) => result.status === "Error");
    if (error) {
      const where = failed ? `migration ${failed.migrationName} failed` : "migrating failed";
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    return results.map((result) => result.migrationName);
  } finally {
    await kysely.destroy();
  }
}

/** The last migration the database has, or undefined for one never migrated. */
export async function schemaVersion(db: Queryable): Promise<string | undefined> {
  const { rows } = await db
    .query<{ name: string | null }>(`SELECT max(name) AS name FROM ${MIGRATION_TABLE}`)
    .catch((error: { code?: string }) => {
      // 42P01: the migration table does not exist yet.
      if (error.code === "42P01") return { rows: [{ name: null }] };
      throw error;
    });
  return rows[0]?.name ?? undefined;
}

/** Why this code cannot serve the database's schema, or undefined when it can. */
export async function schemaProblem(db: Queryable): Promise<string | undefined> {
  const version = await schemaVersion(db);
  if (version !== undefined && version >= REQUIRED_MIGRATION) return undefined;
  return `the database schema is at ${version ?? "no migration"}; this code needs ${REQUIRED_MIGRATION} (npm run db:migrate)`;
}
