import { sql, type Kysely } from "kysely";

/**
 * The change log tells a story new to the store ("published") from one rewritten ("article"), so
 * that live updates can announce new stories. Widening the check is additive: older replicas
 * never write the new kind and read only the counter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE change_log DROP CONSTRAINT change_log_kind_check;
    ALTER TABLE change_log ADD CONSTRAINT change_log_kind_check
      CHECK (kind IN ('published', 'article', 'topic', 'person', 'editorial', 'related'));
  `.execute(db);
}
