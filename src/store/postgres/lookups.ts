/**
 * Reads by key, one statement per batch (`= ANY($1)`), answered in the order asked: what the
 * store's loaders and the writer's view both read, on the pool or on a write's transaction.
 */
import type { ArticleRecord, PersonRecord, RelatedEdgeRecord, TopicRecord } from "../records.js";
import type { Queryable } from "./db.js";
import {
  ARTICLE_COLUMNS,
  articleOf,
  PERSON_COLUMNS,
  personOf,
  relatedEdgeOf,
  TOPIC_COLUMNS,
  topicOf,
  type ArticleRow,
  type PersonRow,
  type RelatedEdgeRow,
  type TopicRow,
} from "./rows.js";

/** Rows found by a key, in the order the keys were asked, undefined for each miss. */
export function inOrder<Row, T>(
  keys: readonly string[],
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  recordOf: (row: Row) => T,
): (T | undefined)[] {
  const found = new Map(rows.map((row) => [keyOf(row), recordOf(row)]));
  return keys.map((key) => found.get(key));
}

/** One query for a batch of keys: `= ANY($1)`, answered in the order asked. */
export const byKey = <Row, T>(
  db: Queryable,
  table: string,
  columns: string,
  key: "id" | "slug",
  keys: readonly string[],
  recordOf: (row: Row) => T,
): Promise<(T | undefined)[]> =>
  db
    .query<Row>(`SELECT ${columns} FROM ${table} WHERE ${key} = ANY($1::text[])`, [keys])
    .then(({ rows }) =>
      inOrder(keys, rows, (row) => (row as Record<string, string>)[key]!, recordOf),
    );

/** Rows grouped under the key each was asked by, in the order asked. */
export function grouped<Row, T>(
  keys: readonly string[],
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  recordOf: (row: Row) => T,
): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row)) ?? [];
    group.push(recordOf(row));
    groups.set(keyOf(row), group);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** Each article's related edges in serving order: the store's read and the writer's. */
export const relatedEdgesOf = (
  db: Queryable,
  ids: readonly string[],
): Promise<RelatedEdgeRecord[][]> =>
  db
    .query<RelatedEdgeRow>(
      "SELECT * FROM related_edges WHERE from_id = ANY($1::text[]) ORDER BY from_id, rank",
      [ids],
    )
    .then(({ rows }) => grouped(ids, rows, (row) => row.from_id, relatedEdgeOf));

export class Lookups {
  constructor(readonly db: Queryable) {}

  articlesByIds(ids: readonly string[]) {
    return byKey<ArticleRow, ArticleRecord>(
      this.db,
      "articles a",
      ARTICLE_COLUMNS,
      "id",
      ids,
      articleOf,
    );
  }
  articlesBySlugs(slugs: readonly string[]) {
    return byKey<ArticleRow, ArticleRecord>(
      this.db,
      "articles a",
      ARTICLE_COLUMNS,
      "slug",
      slugs,
      articleOf,
    );
  }
  topicsByIds(ids: readonly string[]) {
    return byKey<TopicRow, TopicRecord>(this.db, "topics", TOPIC_COLUMNS, "id", ids, topicOf);
  }
  topicsBySlugs(slugs: readonly string[]) {
    return byKey<TopicRow, TopicRecord>(this.db, "topics", TOPIC_COLUMNS, "slug", slugs, topicOf);
  }
  peopleByIds(ids: readonly string[]) {
    return byKey<PersonRow, PersonRecord>(this.db, "people", PERSON_COLUMNS, "id", ids, personOf);
  }
  peopleBySlugs(slugs: readonly string[]) {
    return byKey<PersonRow, PersonRecord>(
      this.db,
      "people",
      PERSON_COLUMNS,
      "slug",
      slugs,
      personOf,
    );
  }
  /** Each article's related edges in serving order. */
  relatedEdges(articleIds: readonly string[]): Promise<RelatedEdgeRecord[][]> {
    return relatedEdgesOf(this.db, articleIds);
  }
}
