/**
 * Article lists in SQL: keyset pages on (published_at, id), walked forwards or backwards on an
 * index (articles_by_date for all articles, article_mentions' primary key for a topic's or a
 * person's), so a page costs its size whatever the list's length. totalCount of all articles, or
 * of one topic's or one person's, is a row of article_counts (kept by triggers, migration 0007):
 * one lookup at any size. Other filters (dates, a topic and a person together) count their range
 * on the same index: a cost that grows with the number of matches, not the archive's size.
 */
import type { ArticleFilter, ArticleKey, ArticlePageQuery } from "../store.js";

export interface Sql {
  text: string;
  params: unknown[];
}

/** Parameters appended one by one, each giving its own $n. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The rows a filter lists and the columns its keyset order is on. */
function source(filter: ArticleFilter, params: Params) {
  const first =
    filter.topicId !== undefined ? "topic" : filter.personId !== undefined ? "person" : undefined;
  const conditions: string[] = [];
  if (first === undefined) {
    return { from: "articles a", date: "a.published_at", id: "a.id", conditions };
  }
  const entity = first === "topic" ? filter.topicId : filter.personId;
  conditions.push(`m.kind = '${first}'`, `m.entity_id = ${params.add(entity)}`);
  if (first === "topic" && filter.personId !== undefined) {
    conditions.push(
      `EXISTS (SELECT 1 FROM article_mentions p WHERE p.kind = 'person'
         AND p.entity_id = ${params.add(filter.personId)} AND p.article_id = m.article_id)`,
    );
  }
  return {
    from: "article_mentions m JOIN articles a ON a.id = m.article_id",
    date: "m.published_at",
    id: "m.article_id",
    conditions,
  };
}

/** The filter's FROM and WHERE, dates included, shared by a page and its count (and search's walk). */
export function filtered(filter: ArticleFilter, params: Params) {
  const list = source(filter, params);
  if (filter.publishedAfter !== undefined) {
    list.conditions.push(`${list.date} >= ${params.add(filter.publishedAfter)}`);
  }
  if (filter.publishedBefore !== undefined) {
    list.conditions.push(`${list.date} < ${params.add(filter.publishedBefore)}`);
  }
  return list;
}

export const where = (conditions: readonly string[]) =>
  conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;

/** The total kept in article_counts for a list that has one: all, one topic's, one person's. */
function keptCount(filter: ArticleFilter): Sql | undefined {
  const { topicId, personId, publishedAfter, publishedBefore } = filter;
  if (publishedAfter !== undefined || publishedBefore !== undefined) return undefined;
  if (topicId !== undefined && personId !== undefined) return undefined;
  const [kind, entity] =
    topicId !== undefined
      ? ["topic", topicId]
      : personId !== undefined
        ? ["person", personId]
        : ["all", ""];
  return {
    text: `SELECT coalesce((SELECT count FROM article_counts WHERE kind = $1 AND entity_id = $2), 0)::int AS total`,
    params: [kind, entity],
  };
}

/** The total counted over the list's range. */
function countedRange(filter: ArticleFilter): Sql {
  const params = new Params();
  const counted = filtered(filter, params);
  return {
    text: `SELECT count(*)::int AS total FROM ${counted.from} ${where(counted.conditions)}`,
    params: params.values,
  };
}

/** The SQL of a list's total: kept, or counted over its range. */
export const listCountSql = (filter: ArticleFilter): Sql =>
  keptCount(filter) ?? countedRange(filter);

/** The SQL of one page of a list, and of the list's total. */
export function articlePageSql(
  { filter, order, ...window }: ArticlePageQuery,
  columns: string,
): { page: Sql; count: Sql } {
  const count = listCountSql(filter);
  const params = new Params();
  const list = filtered(filter, params);
  const key = `(${list.date}, ${list.id})`;
  const at = (cursor: ArticleKey) =>
    `(${params.add(cursor.publishedAt)}::text, ${params.add(cursor.id)}::text)`;
  const ascending = order === "PUBLISHED_AT_ASC";
  // In descending order "after" a key means older than it, so the bounds swap roles.
  const [older, newer] = ascending ? [window.before, window.after] : [window.after, window.before];
  if (older) list.conditions.push(`${key} < ${at(older)}`);
  if (newer) list.conditions.push(`${key} > ${at(newer)}`);
  // A window from the list's start reads the index upwards; from its end, downwards.
  const direction = ascending !== window.inverted ? "ASC" : "DESC";
  const page = {
    text: `SELECT ${columns} FROM ${list.from} ${where(list.conditions)}
      ORDER BY ${list.date} ${direction}, ${list.id} ${direction} LIMIT ${params.add(window.limit)}`,
    params: params.values,
  };
  return { page, count };
}

/** The filter alone, as a condition on `a` (articles): for search, which ranks rather than pages. */
export function filterCondition(filter: ArticleFilter, params: Params): string {
  const mentions = (kind: string, id: string) =>
    `EXISTS (SELECT 1 FROM article_mentions m WHERE m.kind = '${kind}'
       AND m.entity_id = ${params.add(id)} AND m.article_id = a.id)`;
  const conditions: string[] = [];
  if (filter.topicId !== undefined) conditions.push(mentions("topic", filter.topicId));
  if (filter.personId !== undefined) conditions.push(mentions("person", filter.personId));
  if (filter.publishedAfter !== undefined) {
    conditions.push(`a.published_at >= ${params.add(filter.publishedAfter)}`);
  }
  if (filter.publishedBefore !== undefined) {
    conditions.push(`a.published_at < ${params.add(filter.publishedBefore)}`);
  }
  return conditions.length === 0 ? "TRUE" : conditions.join(" AND ");
}
