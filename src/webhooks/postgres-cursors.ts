import { randomUUID } from "node:crypto";
import type { Queryable } from "../store/postgres/db.js";
import type { Claim, Cursor, CursorStore } from "./cursors.js";

/**
 * How long a claim keeps other replicas off a receiver: well over one attempt's timeout, so a
 * live replica never loses it mid-attempt, and short enough that a dead one's receivers are
 * picked up within a minute.
 */
export const LEASE_SECONDS = 60;

/**
 * The cursors of a PostgreSQL store, in webhook_cursors (migration 0004), shared by every replica.
 *
 * A claim is one short statement: it locks the row with FOR UPDATE SKIP LOCKED (a replica
 * claiming at the same moment skips it rather than waits) and leases it, and commits; the HTTP
 * attempt then runs outside any transaction, holding no connection and no lock for up to its
 * timeout. Releasing writes the cursor only while the lease is still this claim's. A lease rather
 * than an advisory lock held for the attempt: a session-level advisory lock pins a connection per
 * receiver and is lost silently behind a transaction-pooling pgbouncer.
 */
export class PostgresCursorStore implements CursorStore {
  constructor(private readonly db: Queryable) {}

  async register(urls: readonly string[], counter: number): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_cursors (url, delivered)
       SELECT url, $2 FROM unnest($1::text[]) AS u(url)
       ON CONFLICT (url) DO NOTHING`,
      [urls, counter],
    );
  }

  async claim(url: string): Promise<Claim | undefined> {
    const token = randomUUID();
    const { rows } = await this.db.query<{ delivered: string; attempts: number }>(
      `UPDATE webhook_cursors
       SET leased_by = $2, leased_until = now() + make_interval(secs => $3)
       WHERE url = (
         SELECT url FROM webhook_cursors
         WHERE url = $1 AND next_attempt_at <= now()
           AND (leased_until IS NULL OR leased_until < now())
         FOR UPDATE SKIP LOCKED
       )
       RETURNING delivered::text, attempts`,
      [url, token, LEASE_SECONDS],
    );
    const row = rows[0];
    return row && { url, token, delivered: Number(row.delivered), attempts: row.attempts };
  }

  async release(claim: Claim, cursor: Cursor, retryInMs: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_cursors
       SET delivered = $3, attempts = $4, next_attempt_at = now() + $5 * interval '1 millisecond',
           leased_by = NULL, leased_until = NULL
       WHERE url = $1 AND leased_by = $2`,
      [claim.url, claim.token, cursor.delivered, cursor.attempts, retryInMs],
    );
  }
}
