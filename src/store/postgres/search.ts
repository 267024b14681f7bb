/**
 * Search in SQL over this project's own analysis (src/text): each article's terms are stored as
 * a weighted tsvector (see migration 0002) and found through its GIN index; ranking is
 * ts_rank with the fields' weights (headline 1, summary 0.5, body 0.33, as BM25F weighs them
 * 3 : 1.5 : 1), times the share of the query's words an article holds, plus what a link to a
 * person, place or organisation the query names adds (below), times a recency tie-break of at
 * most +5% that halves every 30 days before the newest article, as the in-memory engine does.
 * Ties: newer first, then by id. Highlights are cut from the stored text.
 *
 * The entities a query names, the facets' top lists and did-you-mean's replacements are
 * src/text's, over what SQL counts here (SearchKnowledge holds the dictionary).
 */
import type { ArticleRecord, Facets, SearchHit } from "../records.js";
import type { ArticleFilter, SearchRequest, SearchResult } from "../store.js";
import { ANALYSIS_VERSION } from "../../text/analysis-version.js";
import { replaceUnknownWords } from "../../text/did-you-mean.js";
import { FACET_EXACT_CAP, facetsOf, type NamedCount } from "../../text/facets.js";
import { articleHighlights, matchedWords } from "../../text/highlight.js";
import { words } from "../../text/normalize.js";
import { parseQuery, queryTerms, type QueryTerms } from "../../text/search-query.js";
import { procliticRemainders, Stemmer } from "../../text/stem.js";
import { articleStems, termVector } from "../../text/term-vector.js";
import { headlineKey } from "../../text/typeahead.js";
import {
  filterCondition,
  filtered as listOf,
  listCountSql,
  Params,
  where,
} from "./article-pages.js";
import type { Queryable } from "./db.js";
import { ARTICLE_COLUMNS, articleOf, type ArticleRow } from "./rows.js";
import { indexedTerms, lexeme, storedNames, type SearchKnowledge } from "./search-knowledge.js";

/** ts_rank's weights, in its order {D, C, B, A}: D unused, body, summary, headline. */
const FIELD_WEIGHTS = "{0, 0.333333, 0.5, 1}";
/**
 * A link to a named entity adds LINK_WEIGHT × w / (1 + w), w being the story's mentions of it
 * plus HEADLINE_MENTIONS when its headline names it: at most about what ts_rank gives a word in
 * the headline, so a story naming the entity only by its adjective still ranks among those that
 * write its name, and one naming it in its headline first.
 */
const LINK_WEIGHT = 0.1;
const HEADLINE_MENTIONS = 3;
/** Matches ranked and counted, the newest: as many as facets count exactly (see searchArticles). */
export const MATCH_CAP = FACET_EXACT_CAP;

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

/** An article's row of article_search, for writers that copy rows in bulk (the corpus). */
export const searchRow = (article: ArticleRecord, terms: string) => ({
  article_id: article.id,
  analyser_version: ANALYSIS_VERSION,
  terms,
  headline_key: headlineKey(article.headline),
});

/** Indexes the articles' text, with the vocabulary as it stands plus their own words. */
export async function indexArticles(
  db: Queryable,
  articles: readonly ArticleRecord[],
  names: readonly string[],
): Promise<void> {
  if (articles.length === 0) return;
  const { terms, stems } = await analyseArticles(db, articles, names);
  await db.query(
    `INSERT INTO article_search (article_id, analyser_version, terms, headline_key)
     SELECT id, $3, terms::tsvector, key FROM unnest($1::text[], $2::text[], $4::text[]) AS t(id, terms, key)
     ON CONFLICT (article_id) DO UPDATE
       SET analyser_version = excluded.analyser_version, terms = excluded.terms,
         headline_key = excluded.headline_key`,
    [
      articles.map((a) => a.id),
      terms,
      ANALYSIS_VERSION,
      articles.map((a) => headlineKey(a.headline)),
    ],
  );
  await addStems(db, stems);
}

/** A query analysed for SQL: its terms, the entities it names, and its tsqueries. */
interface Plan {
  query: QueryTerms;
  stemmer: Stemmer;
  /** The named entities' numbers in the knowledge's dictionary. */
  entities: number[];
  /** What an article's text must hold: every phrase when there are phrases, else any loose word. */
  match: string;
  /** Every term, for ts_rank; and each alone, for the share held. */
  any: string;
  each: string[];
}

async function planOf(
  db: Queryable,
  knowledge: SearchKnowledge,
  text: string,
): Promise<Plan | undefined> {
  const stemmer = await stemmerFor(db, knowledge.keptWhole, [text]);
  const query = queryTerms(text, (word) => stemmer.stem(word));
  if (!query) return undefined;
  const named = knowledge.names.find(words(parseQuery(text).loose));
  const { terms, loose, phrases } = query;
  return {
    query,
    stemmer,
    entities: [...new Set(named.map((match) => match.entity))],
    match:
      phrases.length > 0
        ? phrases.map((phrase) => `(${phrase.map(lexeme).join(" <-> ")})`).join(" & ")
        : loose.map(lexeme).join(" | "),
    any: terms.map(lexeme).join(" | "),
    each: terms.map(lexeme),
  };
}

/** A tsquery for a headline naming the entity: any of its written forms, in headline words. */
function headlineNaming(plan: Plan, knowledge: SearchKnowledge, entity: number): string {
  const inHeadline = (word: string) => `${lexeme(plan.stemmer.stem(word))}:A`;
  return knowledge.names
    .formsOf(entity)
    .map((form) => `(${form.map(inHeadline).join(" <-> ")})`)
    .join(" | ");
}

/**
 * A walk down the filter's list (articles_by_date, or a topic's or a person's article_mentions
 * key), newest first, testing each article's terms, costs about WALK_COST times what gathering one
 * match through the GIN index and sorting it does (measured at 100k articles: 10 µs a walked row
 * against 4 µs a gathered match).
 */
const WALK_COST = 2.5;

/**
 * Whether the newest matches are found by walking the list back from the newest article (cost:
 * about cap ÷ density rows) rather than by gathering every match and sorting (cost: the matches).
 * The number of matches is PostgreSQL's own estimate, from the statistics of the terms column
 * (no rows read), scaled to the filter's share of the articles.
 */
async function walksBack(
  db: Queryable,
  plan: Plan,
  filter: ArticleFilter,
  cap: number,
): Promise<boolean> {
  const [estimate, all, listed] = await Promise.all([
    db.query<{ "QUERY PLAN": unknown }>(
      "EXPLAIN (FORMAT JSON) SELECT 1 FROM article_search WHERE terms @@ $1::tsquery",
      [plan.match],
    ),
    countOf(db, {}),
    countOf(db, filter),
  ]);
  const explained = estimate.rows[0]!["QUERY PLAN"];
  const [{ Plan }] = (typeof explained === "string" ? JSON.parse(explained) : explained) as [
    { Plan: { "Plan Rows": number } },
  ];
  const expected = (Plan["Plan Rows"] * listed) / Math.max(all, 1);
  const walked = (cap + 1) * (listed / Math.max(expected, 1));
  return walked * WALK_COST < expected;
}

/** How many of the newest matches a search reads, and how it finds them. */
interface Reach {
  cap: number;
  walk: boolean;
}

/** The total of the filter's list, as the list itself counts it. */
async function countOf(db: Queryable, filter: ArticleFilter): Promise<number> {
  const { text, params } = listCountSql(filter);
  const { rows } = await db.query<{ total: number }>(text, params);
  return rows[0]!.total;
}

/**
 * `matches`: the newest `cap` + 1 stories (by published_at, then id) that match the plan under
 * the filter. Its text is matched by walking the list back (`walk`, see walksBack) or through the
 * GIN index; without phrases, the stories linked to an entity it names match too, each entity's
 * newest read down its article_mentions key. Each source stops at cap + 1 (the one over the cap
 * says there are more): a walk costs about cap ÷ density rows, a gathering the word's matches.
 */
function matchesCte(
  plan: Plan,
  knowledge: SearchKnowledge,
  filter: ArticleFilter,
  params: Params,
  { cap, walk }: Reach,
): string {
  const newest = (date: string, id: string) =>
    `ORDER BY ${date} DESC, ${id} DESC LIMIT ${params.add(cap + 1)}`;
  const match = params.add(plan.match);
  const walked = () => {
    const list = listOf(filter, params);
    const holds = `(SELECT s.terms @@ ${match}::tsquery FROM article_search s WHERE s.article_id = ${list.id})`;
    return `SELECT ${list.id} AS id, ${list.date} AS published_at FROM ${list.from}
      ${where([...list.conditions, holds])} ${newest(list.date, list.id)}`;
  };
  // Each match's row by its key, never a pass over all the articles to join them: OFFSET 0
  // keeps a lateral a nested loop (here and where the candidates' terms are read for ranking).
  const gathered = () => `SELECT a.id, a.published_at FROM article_search s
      CROSS JOIN LATERAL (SELECT a.id, a.published_at FROM articles a
        WHERE a.id = s.article_id AND ${filterCondition(filter, params)} OFFSET 0) a
      WHERE s.terms @@ ${match}::tsquery ${newest("a.published_at", "a.id")}`;
  // The walk tests each row in a subquery the planner cannot turn into a join: it stays a walk.
  const text = walk ? walked() : gathered();
  // A link needs its article's row only to test the filter: with none, the index alone answers.
  const filtered = (id: string) => {
    const condition = filterCondition(filter, params);
    return condition === "TRUE"
      ? condition
      : `EXISTS (SELECT 1 FROM articles a WHERE a.id = ${id} AND ${condition})`;
  };
  const entities = plan.entities.map((entity) => knowledge.names.entities[entity]!);
  const linked =
    plan.query.phrases.length > 0 || entities.length === 0
      ? ""
      : `UNION (SELECT l.id, l.published_at
          FROM unnest(${params.add(entities.map((e) => e.kind))}::text[],
            ${params.add(entities.map((e) => e.id))}::text[]) AS e(kind, id)
          CROSS JOIN LATERAL (
            SELECT m.article_id AS id, m.published_at FROM article_mentions m
            WHERE m.kind = e.kind AND m.entity_id = e.id AND ${filtered("m.article_id")}
            ${newest("m.published_at", "m.article_id")}
          ) l)`;
  return `matches AS MATERIALIZED (
      SELECT id, published_at FROM ((${text}) ${linked}) u
      ${newest("published_at", "id")}
    )`;
}

/**
 * What the links of the candidate `c` (its terms `s`) add to its score: per named entity it is
 * linked to, LINK_WEIGHT × w / (1 + w). Its article row is read only for a link.
 */
function linkScore(plan: Plan, knowledge: SearchKnowledge, params: Params): string {
  if (plan.entities.length === 0) return "0";
  const entities = plan.entities.map((entity) => knowledge.names.entities[entity]!);
  const [kinds, ids, headlines] = [
    params.add(entities.map((entity) => entity.kind)),
    params.add(entities.map((entity) => entity.id)),
    params.add(plan.entities.map((entity) => headlineNaming(plan, knowledge, entity))),
  ];
  const mentions = `(SELECT (x->>'count')::int FROM articles a,
      jsonb_array_elements(CASE e.kind WHEN 'person' THEN a.people ELSE a.topics END) x
    WHERE a.id = c.id AND x->>'id' = e.id)`;
  const w = `(CASE WHEN s.terms @@ (${headlines}::text[])[e.n]::tsquery THEN ${HEADLINE_MENTIONS} ELSE 0 END
    + coalesce(${mentions}, 0))`;
  return `coalesce((SELECT sum(${LINK_WEIGHT} * w::float8 / (1 + w)) FROM (
      SELECT ${w} AS w FROM unnest(${kinds}::text[], ${ids}::text[]) WITH ORDINALITY AS e(kind, id, n)
      WHERE EXISTS (SELECT 1 FROM article_mentions m WHERE m.kind = e.kind AND m.entity_id = e.id
        AND m.published_at = c.published_at AND m.article_id = c.id)
    ) links), 0)`;
}

/** How many of the newest cap + 1 matches there are, and the oldest of the first `cap`. */
interface MatchBounds {
  matched: number;
  oldest_at: string | null;
  oldest_id: string | null;
}

const boundsColumns = (cap: string) => `(SELECT count(*) FROM matches)::int AS matched,
  (SELECT published_at FROM matches ORDER BY published_at DESC, id DESC OFFSET ${cap} - 1 LIMIT 1) AS oldest_at,
  (SELECT id FROM matches ORDER BY published_at DESC, id DESC OFFSET ${cap} - 1 LIMIT 1) AS oldest_id`;

interface HitRow extends ArticleRow, MatchBounds {
  score: number;
}

/**
 * The plan's page of hits: the newest `cap` matches ranked, each row with the bounds of the
 * matches (for the total).
 */
async function pageOf(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  { filter, offset, limit }: SearchRequest,
  reach: Reach,
): Promise<HitRow[]> {
  const params = new Params();
  const matches = matchesCte(plan, knowledge, filter, params, reach);
  const [anyParam, eachParam, capParam] = [
    params.add(plan.any),
    params.add(plan.each),
    params.add(reach.cap),
  ];
  const link = linkScore(plan, knowledge, params);
  const { rows } = await db.query<HitRow>(
    `WITH ${matches},
     newest AS (SELECT max(published_at)::timestamptz AS at FROM articles),
     ranked AS (
       SELECT c.id, (ts_rank('${FIELD_WEIGHTS}', s.terms, ${anyParam}::tsquery)
           * (SELECT count(*) FROM unnest(${eachParam}::text[]) AS t(q) WHERE s.terms @@ t.q::tsquery)
           / cardinality(${eachParam}::text[])
           + ${link})
         * (1 + 0.05 * power(0.5,
             extract(epoch FROM newest.at - c.published_at::timestamptz) / 86400 / 30)) AS score
       FROM (SELECT * FROM matches ORDER BY published_at DESC, id DESC LIMIT ${capParam}) c
         CROSS JOIN LATERAL (SELECT terms FROM article_search WHERE article_id = c.id OFFSET 0) s
         CROSS JOIN newest
       ORDER BY score DESC, c.published_at DESC, c.id DESC
       OFFSET ${params.add(offset)} LIMIT ${params.add(limit)}
     )
     SELECT ${ARTICLE_COLUMNS}, r.score, ${boundsColumns(capParam)}
     FROM ranked r JOIN articles a ON a.id = r.id
     ORDER BY r.score DESC, a.published_at DESC, a.id DESC`,
    params.values,
  );
  return rows;
}

/** The bounds of the plan's matches under the filter, for a page that has no row to carry them. */
async function boundsOf(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  filter: ArticleFilter,
  reach: Reach,
): Promise<MatchBounds> {
  const params = new Params();
  const matches = matchesCte(plan, knowledge, filter, params, reach);
  const { rows } = await db.query<MatchBounds>(
    `WITH ${matches} SELECT ${boundsColumns(params.add(reach.cap))}`,
    params.values,
  );
  return rows[0]!;
}

/** A search's total: exact, or estimated (see `searchArticles`). */
interface Total {
  count: number;
  exact: boolean;
}

/**
 * The number of matches: exact up to the cap; beyond, the newest `cap` matches' share of the
 * articles (under the filter) from the oldest of them to the newest article, applied to all the
 * articles under the filter. Both counts walk indexes (the list's total is often a kept count).
 */
async function totalOf(
  db: Queryable,
  filter: ArticleFilter,
  bounds: MatchBounds,
  cap: number,
): Promise<Total> {
  if (bounds.matched <= cap) return { count: bounds.matched, exact: true };
  const params = new Params();
  const { rows } = await db.query<{ window: number }>(
    `SELECT count(*)::int AS window FROM articles a
     WHERE (a.published_at, a.id) >= (${params.add(bounds.oldest_at)}::text, ${params.add(bounds.oldest_id)}::text)
       AND ${filterCondition(filter, params)}`,
    params.values,
  );
  const all = await countOf(db, filter);
  const estimate = Math.round((cap * all) / Math.max(rows[0]!.window, 1));
  return { count: Math.max(estimate, cap + 1), exact: false };
}

/**
 * The facets of the matches (facets.ts): mentions counted over the newest `cap` of them, scaled
 * to the total beyond.
 */
async function facetsOfPlan(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  filter: ArticleFilter,
  reach: Reach,
  total: Total,
): Promise<Facets> {
  const params = new Params();
  const matches = matchesCte(plan, knowledge, filter, params, reach);
  const { rows } = await db.query<NamedCount>(
    `WITH ${matches}
     SELECT m.kind, m.entity_id AS id, count(*)::int AS count
     FROM (SELECT * FROM matches ORDER BY published_at DESC, id DESC LIMIT ${params.add(reach.cap)}) x
       JOIN article_mentions m ON m.article_id = x.id
     GROUP BY m.kind, m.entity_id`,
    params.values,
  );
  return facetsOf(rows, total.count, reach.cap);
}

/**
 * The query with its unknown words replaced by the closest known ones (did-you-mean.ts), when
 * that finds something; null otherwise.
 */
async function didYouMean(
  db: Queryable,
  knowledge: SearchKnowledge,
  text: string,
  filter: ArticleFilter,
): Promise<string | null> {
  const stemmer = await stemmerFor(db, knowledge.keptWhole, [text]);
  const stem = (word: string) => stemmer.stem(word);
  const indexed = await indexedTerms(db, words(text).map(stem));
  const vocabulary = await knowledge.vocabulary(db);
  const isIndexed = (word: string) => indexed.has(stem(word));
  const suggestion = replaceUnknownWords(text, knowledge.names, isIndexed, () => vocabulary);
  if (suggestion === undefined) return null;
  const plan = await planOf(db, knowledge, suggestion);
  if (!plan) return null;
  const reach = { cap: 1, walk: await walksBack(db, plan, filter, 1) };
  return (await boundsOf(db, knowledge, plan, filter, reach)).matched > 0 ? suggestion : null;
}

const NO_MATCHES: MatchBounds = { matched: 0, oldest_at: null, oldest_id: null };

/**
 * One search: its page of hits, ranked in SQL, with highlights from the stored text.
 *
 * Ranking, the total and the facets read at most `cap` matches, the newest (by published_at,
 * then id), so ranking and counting do not grow with the archive. Up to `cap` matches, the ranking
 * and the total are exact: every match is ranked. Beyond, the hits are the best of the newest
 * `cap` matches, in the same order as if they were all there were (an older match never
 * appears, however well it would score), and the total is an estimate (totalCountExact false):
 * the newest `cap` matches' share of the articles from the oldest of them to the newest,
 * applied to the whole archive (under the filter).
 */
export async function searchArticles(
  db: Queryable,
  knowledge: SearchKnowledge,
  request: SearchRequest,
  cap = MATCH_CAP,
): Promise<SearchResult> {
  const { text, filter, offset, limit, facets } = request;
  const plan = await planOf(db, knowledge, text);
  if (!plan) {
    return {
      hits: [],
      totalCount: 0,
      totalCountExact: true,
      suggestion: null,
      ...(facets && { facets: facetsOf([], 0) }),
    };
  }
  const reach = { cap, walk: await walksBack(db, plan, filter, cap) };
  const rows = limit > 0 ? await pageOf(db, knowledge, plan, request, reach) : [];
  const entityWords = new Set(plan.entities.flatMap((entity) => knowledge.names.wordsOf(entity)));
  // An article's word matches when it stems to a query term, its proclitic stripped towards one.
  const terms = new Set(plan.query.terms);
  const highlighter = new Stemmer(knowledge.keptWhole, terms);
  const matches = matchedWords(terms, (word) => highlighter.stem(word), entityWords);
  const hits = rows.map((row): SearchHit => ({
    article: articleOf(row),
    score: Math.round(row.score * 10_000) / 10_000,
    highlights: articleHighlights(articleOf(row), matches),
  }));
  // A page past the last hit, or of none, has no row to carry the bounds: read them alone.
  const pastLast = offset > 0 || limit === 0;
  const bounds =
    rows[0] ?? (pastLast ? await boundsOf(db, knowledge, plan, filter, reach) : NO_MATCHES);
  const total = await totalOf(db, filter, bounds, cap);
  return {
    hits,
    totalCount: total.count,
    totalCountExact: total.exact,
    suggestion: total.count === 0 ? await didYouMean(db, knowledge, text, filter) : null,
    ...(facets && { facets: await facetsOfPlan(db, knowledge, plan, filter, reach, total) }),
  };
}

/**
 * Whether every article has terms of this analysis, from three index reads: the search for the
 * stale ones joins every article, 6 s of each start-up at 1M against about 1 s for this.
 */
async function searchIsCurrent(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ current: boolean | null }>(
    `SELECT (SELECT count(*) FROM articles) = (SELECT count(*) FROM article_search)
            AND NOT EXISTS (SELECT 1 FROM article_search WHERE analyser_version <> $1) AS current`,
    [ANALYSIS_VERSION],
  );
  return rows[0]?.current === true;
}

/**
 * Re-indexes the articles whose terms are missing or were made by another analysis version
 * (after a migration from an older schema, or a change of analysis), a batch at a time.
 */
export async function reindexStale(db: Queryable, batch = 500): Promise<number> {
  if (await searchIsCurrent(db)) return 0;
  const names = await storedNames(db);
  let done = 0;
  for (;;) {
    const { rows } = await db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a
       LEFT JOIN article_search s ON s.article_id = a.id AND s.analyser_version = $1
       WHERE s.article_id IS NULL ORDER BY a.id LIMIT $2`,
      [ANALYSIS_VERSION, batch],
    );
    if (rows.length === 0) return done;
    await indexArticles(db, rows.map(articleOf), names);
    done += rows.length;
  }
}
