import { sql, type Kysely } from "kysely";

/**
 * Article counts kept as rows: how many articles there are, and how many mention each topic and
 * person. A list's totalCount is then one primary-key lookup instead of a count(*) that reads
 * every matching index entry (the whole archive for the home feed: a cost that grows with it).
 * Statement-level triggers keep them exact, one UPDATE per counted key and statement (a COPY of
 * a thousand articles too), from the rows each statement added or removed; TRUNCATE empties them.
 * Lists filtered by dates, or by a topic and a person together, still count their range.
 *
 * The triggers are made before the counts are filled, so that a write that commits meanwhile is
 * counted by one or the other, never by both or neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE article_counts (
      -- 'all' (entity_id ''), 'topic' or 'person'.
      kind text NOT NULL,
      entity_id text COLLATE "C" NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (kind, entity_id)
    );

    CREATE FUNCTION count_articles() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM article_counts WHERE kind = 'all';
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO article_counts SELECT 'all', '', count(*) FROM added
        ON CONFLICT (kind, entity_id) DO UPDATE SET count = article_counts.count + excluded.count;
      ELSE
        INSERT INTO article_counts SELECT 'all', '', -count(*) FROM removed
        ON CONFLICT (kind, entity_id) DO UPDATE SET count = article_counts.count + excluded.count;
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION count_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM article_counts WHERE kind <> 'all';
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO article_counts
        SELECT kind, entity_id, count(*) FROM added GROUP BY kind, entity_id
        ON CONFLICT (kind, entity_id) DO UPDATE SET count = article_counts.count + excluded.count;
      ELSE
        INSERT INTO article_counts
        SELECT kind, entity_id, -count(*) FROM removed GROUP BY kind, entity_id
        ON CONFLICT (kind, entity_id) DO UPDATE SET count = article_counts.count + excluded.count;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER articles_counted_in AFTER INSERT ON articles
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_articles();
    CREATE TRIGGER articles_counted_out AFTER DELETE ON articles
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_articles();
    CREATE TRIGGER articles_counted_away AFTER TRUNCATE ON articles
      FOR EACH STATEMENT EXECUTE FUNCTION count_articles();
    CREATE TRIGGER mentions_counted_in AFTER INSERT ON article_mentions
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_mentions();
    CREATE TRIGGER mentions_counted_out AFTER DELETE ON article_mentions
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_mentions();
    CREATE TRIGGER mentions_counted_away AFTER TRUNCATE ON article_mentions
      FOR EACH STATEMENT EXECUTE FUNCTION count_mentions();

    INSERT INTO article_counts (kind, entity_id, count)
    SELECT 'all', '', count(*) FROM articles;
    INSERT INTO article_counts (kind, entity_id, count)
    SELECT kind, entity_id, count(*) FROM article_mentions GROUP BY kind, entity_id;
  `.execute(db);
}
