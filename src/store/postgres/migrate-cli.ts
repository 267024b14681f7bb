/**
 * npm run db:migrate
 *
 * Applies the pending migrations to the database NEWS_DB names (a postgres:// URL), under the
 * migrations' advisory lock, and nothing else. The server and the ingest do the same when they
 * start; this is for deploys that migrate first. Exit status 0 when the schema is current, 1
 * when a migration failed (none of them is then applied), 2 when NEWS_DB is not a database.
 */
import { migrate, REQUIRED_MIGRATION } from "./migrate.js";
import { createPool, isDatabaseUrl, redactUrl } from "./pool.js";

async function run(): Promise<number> {
  const url = process.env.NEWS_DB ?? "";
  if (!isDatabaseUrl(url)) {
    console.error(
      "db:migrate: set NEWS_DB to a postgres:// URL (a JSON store needs no migrations)",
    );
    return 2;
  }
  const db = createPool(url);
  try {
    const applied = await migrate(db);
    for (const name of applied) console.log(`applied ${name}`);
    console.log(`${redactUrl(url)} is at ${REQUIRED_MIGRATION}`);
    return 0;
  } catch (error) {
    console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db.end();
  }
}

process.exitCode = await run();
