import { sql, type Kysely } from "kysely";

/**
 * What incremental related edges read: indexes to find the articles whose box or edges point at
 * a changed story. (Each entity's article count, df, is article_counts, migration 0007.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX editorial_links_to ON editorial_links (to_id);
    CREATE INDEX related_edges_to ON related_edges (to_id);
  `.execute(db);
}
