/**
 * A generated corpus written straight into a PostgreSQL store, never held whole: articles are
 * made a batch at a time and copied in (COPY) with their mentions and search terms, one
 * transaction per batch; then the read-more boxes; then the related edges, a span of dates at a
 * time. The run's progress is in the database itself (corpus_progress, and corpus_articles: each
 * article's index), so a run that is stopped continues where it stopped when started again.
 *
 * In memory: the plan (a few numbers per article), the ids and slugs made so far (a new headline
 * and slug must clash with none) and, while the edges of one span are computed, that span's
 * articles' dates and entities.
 */
import pg from "pg";
import { relatedLists } from "../ingest/related.js";
import type { ArticleRecord } from "../store/records.js";
import { changesBetween } from "../store/changes.js";
import { emptyStoreData } from "../store/records.js";
import type { Db } from "../store/postgres/db.js";
import { migrate } from "../store/postgres/migrate.js";
import { PostgresStore } from "../store/postgres/store.js";
import { articleRow, editorialLinkRow, mentionRows } from "../store/postgres/rows.js";
import { addStems, analyseArticles, searchRow } from "../store/postgres/search.js";
import { storedNames } from "../store/postgres/search-knowledge.js";
import { writeChanges } from "../store/postgres/write.js";
import { copyRows } from "./copy-rows.js";
import { corpusSource, DEFAULT_SEED, type CorpusOptions, type CorpusSource } from "./generate.js";

/** Articles per transaction: a stopped run loses at most this many. */
const BATCH = 1000;
type Phase = "articles" | "editorial" | "related" | "done";

interface Progress {
  articles: number;
  seed: number;
  phase: Phase;
}

/** What a run reports as it goes: a line of text. */
export type Log = (line: string) => void;

export class CorpusDatabaseError extends Error {}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The run's own tables: not the store's schema, so no migration makes them. */
const PROGRESS_TABLES = `
  CREATE TABLE IF NOT EXISTS corpus_progress (
    articles integer NOT NULL,
    seed bigint NOT NULL,
    phase text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS corpus_articles (
    index integer PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL
  )`;

/**
 * The progress of the corpus this database holds, after checking it is the one asked for; a new
 * run starts on an empty store, with the corpus' topics and people written first.
 */
async function progressOf(pool: pg.Pool, source: CorpusSource, seed: number): Promise<Progress> {
  await pool.query(PROGRESS_TABLES);
  const { rows } = await pool.query<Progress>("SELECT * FROM corpus_progress");
  const progress = rows[0];
  if (progress) {
    if (progress.articles !== source.size || Number(progress.seed) !== seed) {
      throw new CorpusDatabaseError(
        `this database holds a corpus of ${progress.articles} articles, seed ${progress.seed}: ` +
          `use another database for ${source.size} articles, seed ${seed}`,
      );
    }
    return { ...progress, seed };
  }
  const held = await pool.query("SELECT 1 FROM articles LIMIT 1");
  if (held.rows.length > 0) {
    throw new CorpusDatabaseError("this database holds articles a corpus run did not write");
  }
  return inTransaction(pool, async (client) => {
    const reference = { ...emptyStoreData(), topics: source.topics, people: source.people };
    await writeChanges(client, changesBetween(emptyStoreData(), reference));
    const started: Progress = {
      articles: source.size,
      seed,
      phase: "articles",
    };
    await client.query("INSERT INTO corpus_progress (articles, seed, phase) VALUES ($1, $2, $3)", [
      started.articles,
      started.seed,
      started.phase,
    ]);
    return started;
  });
}

const setPhase = (client: pg.PoolClient, phase: Phase) =>
  client.query("UPDATE corpus_progress SET phase = $1", [phase]);

/** The ids and slugs an earlier run made, so new headlines and slugs step aside for them. */
async function takenSoFar(pool: pg.Pool) {
  const { rows } = await pool.query<{ id: string; slug: string }>("SELECT id, slug FROM articles");
  return {
    ids: new Set(rows.map((row) => row.id)),
    slugs: new Map(rows.map((row) => [row.slug, row.id])),
  };
}

const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000))}/s`;

/** Makes and copies in every article not yet there, a batch per transaction. */
async function writeArticles(
  pool: pg.Pool,
  source: CorpusSource,
  batch: number,
  log: Log,
): Promise<void> {
  const { rows } = await pool.query<{ next: number }>(
    "SELECT coalesce(max(index) + 1, 0) AS next FROM corpus_articles",
  );
  const from = rows[0]!.next;
  const taken = from === 0 ? { ids: new Set<string>(), slugs: new Map() } : await takenSoFar(pool);
  const names = await storedNames(pool);
  const started = performance.now();
  if (from > 0) log(`resuming at article ${from} of ${source.size}`);
  for (let index = from; index < source.size; index += batch) {
    const articles: ArticleRecord[] = [];
    for (let i = index; i < Math.min(index + batch, source.size); i++) {
      const article = source.article(i, taken);
      taken.ids.add(article.id);
      taken.slugs.set(article.slug, article.id);
      articles.push(article);
    }
    await inTransaction(pool, async (client) => {
      const { terms, stems } = await analyseArticles(client, articles, names);
      await copyRows(client, "articles", articles.map(articleRow), ["topics", "people"]);
      await copyRows(client, "article_mentions", mentionRows(articles));
      await copyRows(
        client,
        "article_search",
        articles.map((article, i) => searchRow(article, terms[i]!)),
      );
      await addStems(client, stems);
      await copyRows(
        client,
        "corpus_articles",
        articles.map((a, i) => ({ index: index + i, article_id: a.id })),
      );
    });
    const done = index + articles.length;
    if (done % (batch * 10) === 0 || done === source.size) {
      log(`${done} articles (${rate(done - from, performance.now() - started)})`);
    }
  }
}

/** The read-more boxes, all at once: they need every article's id by index. */
async function writeEditorialLinks(pool: pg.Pool, source: CorpusSource, log: Log) {
  const { rows } = await pool.query<{ article_id: string }>(
    "SELECT article_id FROM corpus_articles ORDER BY index",
  );
  const links = source.editorialLinks((index) => rows[index]!.article_id);
  await inTransaction(pool, async (client) => {
    await client.query("DELETE FROM editorial_links");
    await copyRows(client, "editorial_links", links.map(editorialLinkRow));
    await setPhase(client, "related");
  });
  log(`${links.length} editorial links`);
}

/**
 * The related edges: the store's own full pass (npm run related:rebuild's), over the whole corpus
 * in one transaction, so a stopped run does it again.
 */
async function writeRelatedEdges(pool: pg.Pool, log: Log): Promise<void> {
  const started = performance.now();
  const store = await PostgresStore.open(pool as unknown as Db);
  const edges = await store.rebuildRelated(relatedLists);
  log(`related edges: ${edges} (${rate(edges, performance.now() - started)})`);
  await inTransaction(pool, (client) => setPhase(client, "done"));
}

/**
 * Generates the corpus of `options` into the PostgreSQL database at `url` (migrated first), or
 * finishes the one a stopped run began there.
 */
export async function writeCorpusToDatabase(
  url: string,
  options: CorpusOptions,
  log: Log,
  batch = BATCH,
): Promise<void> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    application_name: "news-graph corpus",
  });
  try {
    await migrate(pool as unknown as Db);
    const seed = options.seed ?? DEFAULT_SEED;
    const source = corpusSource(options);
    let progress = await progressOf(pool, source, seed);
    if (progress.phase === "articles") {
      await writeArticles(pool, source, batch, log);
      progress = { ...progress, phase: "editorial" };
      await inTransaction(pool, (client) => setPhase(client, "editorial"));
    }
    if (progress.phase === "editorial") await writeEditorialLinks(pool, source, log);
    if (progress.phase !== "done") await writeRelatedEdges(pool, log);
    await pool.query("ANALYZE");
  } finally {
    await pool.end();
  }
}
