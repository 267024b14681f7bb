import { sql, type Kysely } from "kysely";

/**
 * What incremental related edges read: how many articles mention each entity (df), kept by every
 * write instead of counted over article_mentions, with the number of articles as the row of kind
 * 'all'; and indexes to find the articles whose box or edges point at a changed story. Filled
 * from the data already there, so a database migrated with articles in it scores as one built new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE entity_counts (
      kind text NOT NULL CHECK (kind IN ('topic', 'person', 'all')),
      entity_id text COLLATE "C" NOT NULL,
      articles integer NOT NULL,
      PRIMARY KEY (kind, entity_id)
    );
    INSERT INTO entity_counts (kind, entity_id, articles)
      SELECT kind, entity_id, count(*) FROM article_mentions GROUP BY kind, entity_id;
    INSERT INTO entity_counts (kind, entity_id, articles)
      SELECT 'all', '', count(*) FROM articles;

    CREATE INDEX editorial_links_to ON editorial_links (to_id);
    CREATE INDEX related_edges_to ON related_edges (to_id);
  `.execute(db);
}
