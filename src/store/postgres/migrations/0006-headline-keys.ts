import { sql, type Kysely } from "kysely";

/**
 * Typeahead over headlines: each article's headline as a typed prefix is compared (its
 * normalised words, src/text/typeahead.ts), in byte order, so the headlines starting with a
 * prefix are one range of a b-tree. The keys are made by the same analysis as the terms: every
 * row already written is marked stale, and the store re-indexes it when it opens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE article_search ADD COLUMN headline_key text COLLATE "C" NOT NULL DEFAULT '';
    CREATE INDEX article_search_headline_key ON article_search (headline_key);
    UPDATE article_search SET analyser_version = 0;
  `.execute(db);
}
