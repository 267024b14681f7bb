/**
 * Search in SQL over this project's own analysis (src/text): each article's terms are stored as
 * a weighted tsvector (see migration 0002) and found through its GIN index; ranking is
 * ts_rank with the fields' weights (headline 1, summary 0.5, body 0.33, as BM25F weighs them
 * 3 : 1.5 : 1), times the share of the query's words an article holds, times a recency tie-break
 * of at most +5% that halves every 30 days before the newest article, as the in-memory engine
 * does. Ties: newer first, then by id. Highlights are cut from the stored text.
 */
import type { ArticleRecord, SearchHit } from "../records.js";
import type { SearchRequest, SearchResult } from "../store.js";
import { namesKeptWhole } from "../../text/article-search.js";
import { articleHighlights } from "../../text/highlight.js";
import { words } from "../../text/normalize.js";
import { queryTerms, type QueryTerms } from "../../text/search-query.js";
import { procliticRemainders, Stemmer } from "../../text/stem.js";
import { ANALYSER_VERSION, articleStems, termVector } from "../../text/term-vector.js";
import { filterCondition, Params } from "./article-pages.js";
import type { Queryable } from "./db.js";
import {
  ARTICLE_COLUMNS,
  articleOf,
  PERSON_COLUMNS,
  personOf,
  TOPIC_COLUMNS,
  topicOf,
  type ArticleRow,
  type PersonRow,
  type TopicRow,
} from "./rows.js";

/** ts_rank's weights, in its order {D, C, B, A}: D unused, body, summary, headline. */
const FIELD_WEIGHTS = "{0, 0.333333, 0.5, 1}";

/** The names stemming keeps whole, as the taxonomy in the database has them. */
export async function storedNames(db: Queryable): Promise<string[]> {
  // One after the other: `db` may be a write's one client, which runs no two at once.
  const topics = await db.query<TopicRow>(`SELECT ${TOPIC_COLUMNS} FROM topics`);
  const people = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people`);
  return namesKeptWhole({ topics: topics.rows.map(topicOf), people: people.rows.map(personOf) });
}

/**
 * A stemmer for these words: over the names, and over the only stems of the stored vocabulary
 * these words could strip a proclitic towards (looked up, never loaded whole), plus `extra`.
 */
async function stemmerFor(
  db: Queryable,
  names: readonly string[],
  texts: readonly string[],
  extra: readonly string[] = [],
): Promise<Stemmer> {
  const candidates = [...new Set(texts.flatMap(words).flatMap(procliticRemainders))];
  const { rows } = await db.query<{ stem: string }>(
    "SELECT stem FROM search_stems WHERE stem = ANY($1::text[])",
    [candidates],
  );
  return new Stemmer(names, new Set([...rows.map((row) => row.stem), ...extra]));
}

const allTexts = (article: ArticleRecord) => [article.headline, article.summary, ...article.body];

/**
 * What indexing the articles writes: each one's tsvector (in their order), with the vocabulary as
 * it stands plus their own words, and the stems those words add to the vocabulary.
 */
export async function analyseArticles(
  db: Queryable,
  articles: readonly ArticleRecord[],
  names: readonly string[],
): Promise<{ terms: string[]; stems: string[] }> {
  const stems = [...new Set(articles.flatMap(articleStems))];
  const stemmer = await stemmerFor(db, names, articles.flatMap(allTexts), stems);
  const stem = (word: string) => stemmer.stem(word);
  return { terms: articles.map((article) => termVector(article, stem)), stems };
}

/** Adds stems to the vocabulary queries are stemmed towards. */
export const addStems = (db: Queryable, stems: readonly string[]) =>
  db.query("INSERT INTO search_stems (stem) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [
    stems,
  ]);

/** Indexes the articles' text, with the vocabulary as it stands plus their own words. */
export async function indexArticles(
  db: Queryable,
  articles: readonly ArticleRecord[],
  names: readonly string[],
): Promise<void> {
  if (articles.length === 0) return;
  const { terms, stems } = await analyseArticles(db, articles, names);
  await db.query(
    `INSERT INTO article_search (article_id, analyser_version, terms)
     SELECT id, $3, terms::tsvector FROM unnest($1::text[], $2::text[]) AS t(id, terms)
     ON CONFLICT (article_id) DO UPDATE
       SET analyser_version = excluded.analyser_version, terms = excluded.terms`,
    [articles.map((a) => a.id), terms, ANALYSER_VERSION],
  );
  await addStems(db, stems);
}

/** A tsquery lexeme: quoted, so no term is read as an operator. */
const lexeme = (term: string) => `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * What an article must hold to match: every phrase (its words adjacent) when there are phrases,
 * else any of the loose words; and the query all terms score by.
 */
function tsqueries({ terms, loose, phrases }: QueryTerms) {
  const match =
    phrases.length > 0
      ? phrases.map((phrase) => `(${phrase.map(lexeme).join(" <-> ")})`).join(" & ")
      : loose.map(lexeme).join(" | ");
  return { match, any: terms.map(lexeme).join(" | "), each: terms.map(lexeme) };
}

interface HitRow extends ArticleRow {
  score: number;
  total: number;
}

/** One search: its page of hits, ranked in SQL, with highlights from the stored text. */
export async function searchArticles(
  db: Queryable,
  names: readonly string[],
  { text, filter, offset, limit }: SearchRequest,
): Promise<SearchResult> {
  const stemmer = await stemmerFor(db, names, [text]);
  const query = queryTerms(text, (word) => stemmer.stem(word));
  // Did-you-mean suggestions and facets are the in-memory engine's only, so far (README, PostgreSQL).
  if (!query) return { hits: [], totalCount: 0, suggestion: null };
  const { match, any, each } = tsqueries(query);
  const params = new Params();
  const [matchParam, anyParam, eachParam] = [params.add(match), params.add(any), params.add(each)];
  const condition = filterCondition(filter, params);
  const { rows } = await db.query<HitRow>(
    `WITH newest AS (SELECT max(published_at)::timestamptz AS at FROM articles)
     SELECT ${ARTICLE_COLUMNS}, count(*) OVER ()::int AS total,
       ts_rank('${FIELD_WEIGHTS}', s.terms, ${anyParam}::tsquery)
       * (SELECT count(*) FROM unnest(${eachParam}::text[]) AS t(q) WHERE s.terms @@ t.q::tsquery)
         / cardinality(${eachParam}::text[])
       * (1 + 0.05 * power(0.5,
           extract(epoch FROM newest.at - a.published_at::timestamptz) / 86400 / 30)) AS score
     FROM article_search s JOIN articles a ON a.id = s.article_id CROSS JOIN newest
     WHERE s.terms @@ ${matchParam}::tsquery AND ${condition}
     ORDER BY score DESC, a.published_at DESC, a.id DESC
     OFFSET ${params.add(offset)} LIMIT ${params.add(limit)}`,
    params.values,
  );
  // An article's word matches when it stems to a query term, its proclitic stripped towards one.
  const terms = new Set(query.terms);
  const highlighter = new Stemmer(names, terms);
  const matches = (word: string) => terms.has(highlighter.stem(word));
  const hits = rows.map((row): SearchHit => ({
    article: articleOf(row),
    score: Math.round(row.score * 10_000) / 10_000,
    highlights: articleHighlights(articleOf(row), matches),
  }));
  const totalCount = rows[0]?.total ?? (offset > 0 ? await countMatches() : 0);
  return { hits, totalCount, suggestion: null };

  /** A page past the last hit has no row to carry the total: count it alone. */
  async function countMatches(): Promise<number> {
    const countParams = new Params();
    const matchAt = countParams.add(match);
    const { rows } = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM article_search s JOIN articles a ON a.id = s.article_id
       WHERE s.terms @@ ${matchAt}::tsquery AND ${filterCondition(filter, countParams)}`,
      countParams.values,
    );
    return rows[0]!.total;
  }
}

/**
 * Re-indexes the articles whose terms are missing or were made by another analyser version
 * (after a migration from an older schema, or a change of analysis), a batch at a time.
 */
export async function reindexStale(db: Queryable, batch = 500): Promise<number> {
  const names = await storedNames(db);
  let done = 0;
  for (;;) {
    const { rows } = await db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a
       LEFT JOIN article_search s ON s.article_id = a.id AND s.analyser_version = $1
       WHERE s.article_id IS NULL ORDER BY a.id LIMIT $2`,
      [ANALYSER_VERSION, batch],
    );
    if (rows.length === 0) return done;
    await indexArticles(db, rows.map(articleOf), names);
    done += rows.length;
  }
}
