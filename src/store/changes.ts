import { isDeepStrictEqual } from "node:util";
import type { StoreData } from "./records.js";
import { compareStrings, type ChangeEntry, type StoreChanges } from "./store.js";
import { groupBy } from "./group.js";

/** Records keyed by id, for comparing two versions of a store. */
const byId = <T extends { id: string }>(records: readonly T[]) =>
  new Map(records.map((record) => [record.id, record]));

/** The records of `after` that `before` lacks or holds differently. */
function changedRecords<T extends { id: string }>(before: readonly T[], after: readonly T[]): T[] {
  const old = byId(before);
  return after.filter((record) => !isDeepStrictEqual(old.get(record.id), record));
}

/** Each article's list (links, edges) that differs between the two versions, empty when it went. */
function changedLists<T extends { fromId: string }>(before: readonly T[], after: readonly T[]) {
  const old = groupBy(before, (item) => [item.fromId]);
  const next = groupBy(after, (item) => [item.fromId]);
  const fromIds = new Set([...old.keys(), ...next.keys()]);
  return [...fromIds]
    .filter((fromId) => !isDeepStrictEqual(old.get(fromId), next.get(fromId)))
    .map((fromId) => ({ fromId, items: next.get(fromId) ?? [] }));
}

/**
 * What turns `before` into `after`: the records added or changed, and each article's editorial
 * box and related edges where they differ. Records in `before` but not in `after` stay (the
 * ingest only adds), except lists, which an empty list clears.
 */
export function changesBetween(before: StoreData, after: StoreData): StoreChanges {
  return {
    articles: changedRecords(before.articles, after.articles),
    topics: changedRecords(before.topics, after.topics),
    people: changedRecords(before.people, after.people),
    editorialLinks: changedLists(before.editorialLinks, after.editorialLinks).map(
      ({ fromId, items }) => ({ fromId, links: items }),
    ),
    relatedEdges: changedLists(before.relatedEdges, after.relatedEdges).map(
      ({ fromId, items }) => ({ fromId, edges: items }),
    ),
  };
}

export const isEmptyChange = (changes: StoreChanges): boolean =>
  Object.values(changes).every((list: unknown[]) => list.length === 0);

/** `records` with `changed` put in place of (or beside) those of the same id, in id order. */
export function merged<T extends { id: string }>(
  records: readonly T[],
  changed: readonly T[],
): T[] {
  const all = byId(records);
  for (const record of changed) all.set(record.id, record);
  return [...all.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** Lists grouped by article with each changed article's list replaced, articles in id order. */
export function mergedLists<T extends { fromId: string }>(
  items: readonly T[],
  changed: readonly { fromId: string; items: readonly T[] }[],
): T[] {
  const groups = groupBy(items, (item) => [item.fromId]);
  for (const { fromId, items } of changed) groups.set(fromId, [...items]);
  return [...groups.keys()].sort(compareStrings).flatMap((fromId) => groups.get(fromId)!);
}

/** A change-log entry before the log numbers it. */
export type LoggedChange = Omit<ChangeEntry, "counter">;

/**
 * The change log's entries for one write, one per kind that changed: of its articles, those not
 * among the store's `existing` ones are "published", the others "article".
 */
export function loggedChanges(
  changes: StoreChanges,
  existing: ReadonlySet<string>,
): LoggedChange[] {
  const known = (id: string) => existing.has(id);
  const articleIds = changes.articles.map((article) => article.id);
  const entries: LoggedChange[] = [
    { kind: "published", ids: articleIds.filter((id) => !known(id)) },
    { kind: "article", ids: articleIds.filter(known) },
    { kind: "topic", ids: changes.topics.map((topic) => topic.id) },
    { kind: "person", ids: changes.people.map((person) => person.id) },
    { kind: "editorial", ids: changes.editorialLinks.map((box) => box.fromId) },
    { kind: "related", ids: changes.relatedEdges.map((list) => list.fromId) },
  ];
  return entries.filter((entry) => entry.ids.length > 0);
}
