import { sql, type Kysely } from "kysely";

/**
 * Search over this project's own Arabic analysis, and the change log.
 *
 * PostgreSQL's `arabic` configuration neither strips و+ال nor knows stop-words, so the terms are
 * the ones src/text makes (normalised, names kept whole, light-stemmed), written as a weighted
 * tsvector (headline A, summary B, body C) that the `simple` configuration leaves alone, with a
 * GIN index. Each row says which version of the analysis made it: a newer one re-indexes it.
 *
 * Every write adds a row to the change log per kind of record it changed; the counter is what
 * replicas catch up from (and what NOTIFY carries).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE article_search (
      article_id text COLLATE "C" PRIMARY KEY REFERENCES articles ON DELETE CASCADE,
      analyser_version integer NOT NULL,
      terms tsvector NOT NULL
    );
    CREATE INDEX article_search_terms ON article_search USING gin (terms);
    CREATE INDEX article_search_version ON article_search (analyser_version);

    -- The light10 stems of every word indexed: what a query's proclitic may be stripped towards.
    CREATE TABLE search_stems (stem text COLLATE "C" PRIMARY KEY);

    CREATE TABLE change_log (
      counter bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('article', 'topic', 'person', 'editorial', 'related')),
      ids text[] NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
