import { sql, type Kysely } from "kysely";

/**
 * Articles, topics, people and the links between them. Ids, slugs and dates are text in the "C"
 * collation: byte order, which for UTF-8 is code-point order, the order the JSON store sorts in,
 * so both backends list, page and filter alike. Dates are the records' own ISO 8601 UTC text
 * (2026-01-09T00:00:00Z), which sorts as time does and comes back exactly as it went in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE articles (
      id text COLLATE "C" PRIMARY KEY,
      slug text COLLATE "C" NOT NULL UNIQUE,
      headline text NOT NULL,
      summary text NOT NULL,
      summary_truncated boolean NOT NULL,
      body text[] NOT NULL,
      language text NOT NULL,
      published_at text COLLATE "C" NOT NULL
        CHECK (published_at ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$'),
      updated_at text NOT NULL,
      word_count integer NOT NULL,
      -- [{id, count}], most mentioned first, as the record has them.
      topics jsonb NOT NULL,
      people jsonb NOT NULL
    );
    -- Keyset pages of every article list walk this index in either direction.
    CREATE INDEX articles_by_date ON articles (published_at, id);

    CREATE TABLE topics (
      id text COLLATE "C" PRIMARY KEY,
      slug text COLLATE "C" NOT NULL UNIQUE,
      name text NOT NULL,
      name_en text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('PLACE', 'ORGANISATION', 'SUBJECT')),
      aliases text[] NOT NULL,
      description text
    );

    CREATE TABLE people (
      id text COLLATE "C" PRIMARY KEY,
      slug text COLLATE "C" NOT NULL UNIQUE,
      name text NOT NULL,
      name_en text NOT NULL,
      aliases text[] NOT NULL,
      description text
    );

    -- Who and what each article mentions, with its date, so a topic's or a person's articles are
    -- paged on this table's primary key alone.
    CREATE TABLE article_mentions (
      kind text NOT NULL CHECK (kind IN ('topic', 'person')),
      entity_id text COLLATE "C" NOT NULL,
      published_at text COLLATE "C" NOT NULL,
      article_id text COLLATE "C" NOT NULL REFERENCES articles ON DELETE CASCADE,
      PRIMARY KEY (kind, entity_id, published_at, article_id)
    );
    CREATE INDEX article_mentions_by_article ON article_mentions (article_id);

    CREATE TABLE editorial_links (
      from_id text COLLATE "C" NOT NULL REFERENCES articles ON DELETE CASCADE,
      position integer NOT NULL,
      to_id text COLLATE "C" NOT NULL,
      PRIMARY KEY (from_id, position)
    );

    -- Each article's edges in serving order (rank), as the ingest computed them.
    CREATE TABLE related_edges (
      from_id text COLLATE "C" NOT NULL REFERENCES articles ON DELETE CASCADE,
      rank integer NOT NULL,
      to_id text COLLATE "C" NOT NULL,
      score double precision NOT NULL,
      reasons jsonb NOT NULL,
      PRIMARY KEY (from_id, rank)
    );
  `.execute(db);
}
