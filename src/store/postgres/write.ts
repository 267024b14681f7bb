/**
 * Writing the PostgreSQL store: a write's changes applied in its transaction, each kind of record
 * logged in the change log, and the new counter announced with NOTIFY (delivered at commit).
 * Rows go in as one JSON parameter per table (jsonb_to_recordset), one statement per table
 * whatever the number of records.
 */
import type { EditorialLinkRecord, RelatedNode, StoreData } from "../records.js";
import { loggedChanges, type LoggedChange } from "../changes.js";
import { compareStrings, type RelatedList, type StoreChanges } from "../store.js";
import type { Queryable } from "./db.js";
import {
  ARTICLE_COLUMNS,
  articleOf,
  articleRow,
  editorialLinkOf,
  editorialLinkRow,
  mentionRows,
  PERSON_COLUMNS,
  personOf,
  personRow,
  relatedEdgeOf,
  relatedEdgeRows,
  TOPIC_COLUMNS,
  topicOf,
  topicRow,
  type ArticleRow,
  type EditorialLinkRow,
  type PersonRow,
  type RelatedEdgeRow,
  type TopicRow,
} from "./rows.js";
import { indexArticles } from "./search.js";
import { storedNames } from "./search-knowledge.js";

/** The channel NOTIFY announces each new change counter on. */
export const CHANGES_CHANNEL = "news_graph_changes";
/** The advisory lock every writer holds for its transaction: writes queue, none is lost. */
const WRITER_LOCK = 7_131_340_001;

export const lockWriters = (client: Queryable) =>
  client.query(`SELECT pg_advisory_xact_lock(${WRITER_LOCK})`);

/** The whole store, in the JSON store's order: a snapshot (backups, tests). */
export async function readAll(db: Queryable): Promise<StoreData> {
  // One statement after another: on one client (a write's transaction) pg runs no two at once.
  const articles = await db.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.id`,
  );
  const topics = await db.query<TopicRow>(`SELECT ${TOPIC_COLUMNS} FROM topics ORDER BY id`);
  const people = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people ORDER BY id`);
  const editorialLinks = await readLinks(db);
  const edges = await db.query<RelatedEdgeRow>(
    "SELECT * FROM related_edges ORDER BY from_id, rank",
  );
  return {
    articles: articles.rows.map(articleOf),
    topics: topics.rows.map(topicOf),
    people: people.rows.map(personOf),
    editorialLinks,
    relatedEdges: edges.rows.map(relatedEdgeOf),
  };
}

/** Inserts or replaces rows by primary key from one JSON array; `columns` are "name type". */
async function upsert(
  db: Queryable,
  table: string,
  columns: readonly string[],
  key: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((column) => column.split(" ")[0]!);
  const updates = names.filter((name) => name !== key).map((name) => `${name} = excluded.${name}`);
  await db.query(
    `INSERT INTO ${table} (${names.join(", ")})
     SELECT ${names.join(", ")} FROM jsonb_to_recordset($1::jsonb) AS r(${columns.join(", ")})
     ON CONFLICT (${key}) DO UPDATE SET ${updates.join(", ")}`,
    [JSON.stringify(rows)],
  );
}

const ARTICLE_TYPES = [
  "id text",
  "slug text",
  "headline text",
  "summary text",
  "summary_truncated boolean",
  "body text[]",
  "language text",
  "published_at text",
  "updated_at text",
  "word_count integer",
  "topics jsonb",
  "people jsonb",
];
const PERSON_TYPES = [
  "id text",
  "slug text",
  "name text",
  "name_en text",
  "aliases text[]",
  "description text",
];

/** Replaces each listed article's rows of `table` (keyed by `from_id`) with `rows`. */
async function replaceLists(
  db: Queryable,
  table: string,
  columns: readonly string[],
  fromIds: readonly string[],
  rows: readonly object[],
): Promise<void> {
  if (fromIds.length > 0) {
    await db.query(`DELETE FROM ${table} WHERE from_id = ANY($1::text[])`, [fromIds]);
  }
  if (rows.length === 0) return;
  const names = columns.map((column) => column.split(" ")[0]!).join(", ");
  await db.query(
    `INSERT INTO ${table} (${names})
     SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns.join(", ")})`,
    [JSON.stringify(rows)],
  );
}

async function writeArticles(db: Queryable, changes: StoreChanges): Promise<void> {
  const { articles } = changes;
  if (articles.length === 0) return;
  const ids = articles.map((article) => article.id);
  // article_counts (df and N for related scores, totals for lists) follows by trigger.
  await upsert(db, "articles", ARTICLE_TYPES, "id", articles.map(articleRow));
  await db.query("DELETE FROM article_mentions WHERE article_id = ANY($1::text[])", [ids]);
  const mentions = mentionRows(articles);
  await db.query(
    `INSERT INTO article_mentions (kind, entity_id, published_at, article_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      mentions.map((m) => m.kind),
      mentions.map((m) => m.entity_id),
      mentions.map((m) => m.published_at),
      mentions.map((m) => m.article_id),
    ],
  );
}

/** Each article's node for a full pass, read a batch of ids at a time, in id order. */
export async function readNodes(db: Queryable, batch = 20_000): Promise<RelatedNode[]> {
  const nodes: RelatedNode[] = [];
  for (let after = ""; ;) {
    const { rows } = await db.query<RelatedNode>(
      `SELECT a.id, a.published_at AS "publishedAt",
         coalesce((SELECT array_agg(CASE m.kind WHEN 'person' THEN 'p:' ELSE 't:' END || m.entity_id)
                   FROM article_mentions m WHERE m.article_id = a.id), '{}') AS keys
       FROM articles a WHERE a.id > $1 ORDER BY a.id LIMIT $2`,
      [after, batch],
    );
    for (const row of rows) nodes.push({ ...row, keys: row.keys.sort(compareStrings) });
    if (rows.length < batch) return nodes;
    after = rows.at(-1)!.id;
  }
}

/** Every read-more box's links, grouped by article in id order, each box in its order. */
export async function readLinks(db: Queryable): Promise<EditorialLinkRecord[]> {
  const { rows } = await db.query<EditorialLinkRow>(
    "SELECT * FROM editorial_links ORDER BY from_id, position",
  );
  return rows.map(editorialLinkOf);
}

const RELATED_COLUMNS = [
  "from_id text",
  "rank integer",
  "to_id text",
  "score double precision",
  "reasons jsonb",
];

const relatedRows = (lists: readonly RelatedList[]) =>
  lists.flatMap(({ edges }) => relatedEdgeRows(edges));

/** Adds edge lists (a rebuild's batch) to a table emptied of them. */
export async function insertRelated(db: Queryable, lists: readonly RelatedList[]): Promise<void> {
  if (lists.length > 0)
    await replaceLists(db, "related_edges", RELATED_COLUMNS, [], relatedRows(lists));
}

/** A rebuild's one change-log entry: the articles whose edges it rewrote. */
export const logRebuild = (db: Queryable, fromIds: string[]): Promise<number> =>
  logChanges(db, [{ kind: "related", ids: fromIds }]);

/** The ids among `ids` of articles the store already holds. */
async function existingArticles(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM articles WHERE id = ANY($1::text[])",
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}

/** One change-log row per kind of change, numbered in order; NOTIFYs and returns the last counter. */
async function logChanges(db: Queryable, logged: readonly LoggedChange[]): Promise<number> {
  const { rows } = await db.query<{ counter: string }>(
    `INSERT INTO change_log (kind, ids)
     SELECT entry->>'kind', ARRAY(SELECT jsonb_array_elements_text(entry->'ids'))
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(entry, position)
     ORDER BY position
     RETURNING counter::text`,
    [JSON.stringify(logged)],
  );
  const counter = Math.max(...rows.map((row) => Number(row.counter)));
  await db.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, String(counter)]);
  return counter;
}

/**
 * Applies the changes inside the caller's transaction (which holds the writer lock): records,
 * their mentions and search terms, each changed box and edge list, and the change log. Returns
 * the new change counter, or undefined when there was nothing to write.
 */
export async function writeChanges(
  db: Queryable,
  changes: StoreChanges,
): Promise<number | undefined> {
  const logged = loggedChanges(
    changes,
    await existingArticles(
      db,
      changes.articles.map((article) => article.id),
    ),
  );
  if (logged.length === 0) return undefined;
  await upsert(db, "topics", [...PERSON_TYPES, "kind text"], "id", changes.topics.map(topicRow));
  await upsert(db, "people", PERSON_TYPES, "id", changes.people.map(personRow));
  await writeArticles(db, changes);
  await indexArticles(db, changes.articles, await storedNames(db));
  await replaceLists(
    db,
    "editorial_links",
    ["from_id text", "position integer", "to_id text"],
    changes.editorialLinks.map((l) => l.fromId),
    changes.editorialLinks.flatMap((l) => l.links.map(editorialLinkRow)),
  );
  await replaceLists(
    db,
    "related_edges",
    RELATED_COLUMNS,
    changes.relatedEdges.map((e) => e.fromId),
    relatedRows(changes.relatedEdges),
  );
  return logChanges(db, logged);
}
