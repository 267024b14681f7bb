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
import { filterCondition, Params } from "./article-pages.js";
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
 * The CTEs every use of a plan starts with: `linked`, each story linked to a named entity with
 * the numbers (1-based) of the entities it is linked to; and `candidates`, the stories whose text
 * matches (through the GIN index), and, without phrases, the linked ones. Both stay narrow (ids
 * only): what a link adds is computed for the rows that are scored (`linkScore`).
 */
function matchCtes(plan: Plan, knowledge: SearchKnowledge, params: Params): string {
  const entities = plan.entities.map((entity) => knowledge.names.entities[entity]!);
  const [kinds, ids] = [
    params.add(entities.map((entity) => entity.kind)),
    params.add(entities.map((entity) => entity.id)),
  ];
  const matchParam = params.add(plan.match);
  return `linked AS (
      SELECT m.article_id, array_agg(e.n) AS entities
      FROM unnest(${kinds}::text[], ${ids}::text[]) WITH ORDINALITY AS e(kind, id, n)
      JOIN article_mentions m ON m.kind = e.kind AND m.entity_id = e.id
      GROUP BY m.article_id
    ),
    candidates AS (
      SELECT article_id FROM article_search WHERE terms @@ ${matchParam}::tsquery
      ${plan.query.phrases.length > 0 ? "" : "UNION SELECT article_id FROM linked"}
    )`;
}

/**
 * What the links of the story `a` (its terms `s`, its row of `linked` `l`) add to its score: per
 * linked entity, LINK_WEIGHT × w / (1 + w).
 */
function linkScore(plan: Plan, knowledge: SearchKnowledge, params: Params): string {
  const entities = plan.entities.map((entity) => knowledge.names.entities[entity]!);
  const [kinds, ids, headlines] = [
    params.add(entities.map((entity) => entity.kind)),
    params.add(entities.map((entity) => entity.id)),
    params.add(plan.entities.map((entity) => headlineNaming(plan, knowledge, entity))),
  ];
  const mentions = `(SELECT (x->>'count')::int
    FROM jsonb_array_elements(CASE (${kinds}::text[])[n] WHEN 'person' THEN a.people ELSE a.topics END) x
    WHERE x->>'id' = (${ids}::text[])[n])`;
  const w = `(CASE WHEN s.terms @@ (${headlines}::text[])[n]::tsquery THEN ${HEADLINE_MENTIONS} ELSE 0 END
    + coalesce(${mentions}, 0))`;
  return `coalesce((SELECT sum(${LINK_WEIGHT} * w::float8 / (1 + w))
    FROM (SELECT ${w} AS w FROM unnest(l.entities) AS n) links), 0)`;
}

interface HitRow extends ArticleRow {
  score: number;
  total: number;
}

/** The plan's page of hits, ranked, each row with the count of all matches. */
async function pageOf(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  { filter, offset, limit }: SearchRequest,
): Promise<HitRow[]> {
  const params = new Params();
  const ctes = matchCtes(plan, knowledge, params);
  const [anyParam, eachParam] = [params.add(plan.any), params.add(plan.each)];
  const link = linkScore(plan, knowledge, params);
  const { rows } = await db.query<HitRow>(
    `WITH ${ctes}, newest AS (SELECT max(published_at)::timestamptz AS at FROM articles)
     SELECT ${ARTICLE_COLUMNS}, count(*) OVER ()::int AS total,
       (ts_rank('${FIELD_WEIGHTS}', s.terms, ${anyParam}::tsquery)
         * (SELECT count(*) FROM unnest(${eachParam}::text[]) AS t(q) WHERE s.terms @@ t.q::tsquery)
         / cardinality(${eachParam}::text[])
         + ${link})
       * (1 + 0.05 * power(0.5,
           extract(epoch FROM newest.at - a.published_at::timestamptz) / 86400 / 30)) AS score
     FROM candidates c
       JOIN article_search s ON s.article_id = c.article_id
       JOIN articles a ON a.id = c.article_id
       LEFT JOIN linked l ON l.article_id = c.article_id
       CROSS JOIN newest
     WHERE ${filterCondition(filter, params)}
     ORDER BY score DESC, a.published_at DESC, a.id DESC
     OFFSET ${params.add(offset)} LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows;
}

/** How many stories match the plan under the filter. */
async function countOf(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  filter: ArticleFilter,
): Promise<number> {
  const params = new Params();
  const ctes = matchCtes(plan, knowledge, params);
  const { rows } = await db.query<{ total: number }>(
    `WITH ${ctes} SELECT count(*)::int AS total
     FROM candidates c JOIN articles a ON a.id = c.article_id
     WHERE ${filterCondition(filter, params)}`,
    params.values,
  );
  return rows[0]!.total;
}

/**
 * The facets of every match (facets.ts): mentions counted over the first FACET_EXACT_CAP
 * matches SQL finds, which are any of them, not the best ranked; estimated beyond.
 */
async function facetsOfPlan(
  db: Queryable,
  knowledge: SearchKnowledge,
  plan: Plan,
  filter: ArticleFilter,
): Promise<Facets> {
  const params = new Params();
  const ctes = matchCtes(plan, knowledge, params);
  const { rows } = await db.query<NamedCount & { counted: number }>(
    `WITH ${ctes},
     matches AS (
       SELECT c.article_id FROM candidates c JOIN articles a ON a.id = c.article_id
       WHERE ${filterCondition(filter, params)} LIMIT ${params.add(FACET_EXACT_CAP)}
     )
     SELECT m.kind, m.entity_id AS id, count(*)::int AS count,
       (SELECT count(*) FROM matches)::int AS counted
     FROM matches JOIN article_mentions m ON m.article_id = matches.article_id
     GROUP BY m.kind, m.entity_id`,
    params.values,
  );
  const counted = rows[0]?.counted ?? 0;
  const total = counted < FACET_EXACT_CAP ? counted : await countOf(db, knowledge, plan, filter);
  return facetsOf(rows, total);
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
  return plan && (await countOf(db, knowledge, plan, filter)) > 0 ? suggestion : null;
}

/** One search: its page of hits, ranked in SQL, with highlights from the stored text. */
export async function searchArticles(
  db: Queryable,
  knowledge: SearchKnowledge,
  request: SearchRequest,
): Promise<SearchResult> {
  const { text, filter, offset, facets } = request;
  const plan = await planOf(db, knowledge, text);
  if (!plan) {
    return {
      hits: [],
      totalCount: 0,
      suggestion: null,
      ...(facets && { facets: facetsOf([], 0) }),
    };
  }
  const rows = await pageOf(db, knowledge, plan, request);
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
  // A page past the last hit, or of none, has no row to carry the total: count it alone.
  const pastLast = offset > 0 || request.limit === 0;
  const totalCount = rows[0]?.total ?? (pastLast ? await countOf(db, knowledge, plan, filter) : 0);
  return {
    hits,
    totalCount,
    suggestion: totalCount === 0 ? await didYouMean(db, knowledge, text, filter) : null,
    ...(facets && { facets: await facetsOfPlan(db, knowledge, plan, filter) }),
  };
}

/**
 * Re-indexes the articles whose terms are missing or were made by another analysis version
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
      [ANALYSIS_VERSION, batch],
    );
    if (rows.length === 0) return done;
    await indexArticles(db, rows.map(articleOf), names);
    done += rows.length;
  }
}
