import { sql, type Kysely } from "kysely";

/**
 * Each webhook receiver's delivery cursor: the change log is the outbox, and this row is how far
 * into it the receiver has been served. A replica leases the row for one attempt (leased_by,
 * leased_until) so N replicas deliver each event once, and a dead replica's lease runs out; a
 * failed attempt moves next_attempt_at by the backoff. Times are the database's clock, one for
 * all replicas.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_cursors (
      url text PRIMARY KEY,
      delivered bigint NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_by text,
      leased_until timestamptz
    );
  `.execute(db);
}
