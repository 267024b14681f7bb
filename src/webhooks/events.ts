import { encodeGlobalID } from "@pothos/plugin-relay";
import { entityTagsToPurge, relatedTagsToPurge, tagsToPurge } from "../cache-tags.js";
import type { ChangeEntry, ChangeKind, Store } from "../store/store.js";

/**
 * What a receiver is POSTed: one change-log entry (one kind of record one write changed), or a
 * "resync" when the log no longer holds what the receiver missed.
 */
export interface WebhookEvent {
  /** The change counter: unique, only grows; a receiver drops an id it already handled. */
  id: number;
  /** What changed (see ChangeKind), or "resync": purge everything, the changes are lost. */
  kind: ChangeKind | "resync";
  /** How many records changed; `ids` is empty when over MAX_EVENT_IDS. */
  count: number;
  /** The store's ids of the records that changed (articles for editorial and related). */
  ids: string[];
  /** The same records' global ids, as `node(id)` takes them and answers' tags name them. */
  globalIds: string[];
  /** The cache tags to purge (Surrogate-Key / Cache-Tag values of the answers that hold them). */
  tags: string[];
  /** Purge everything: a resync, or a change too large to name record by record. */
  purgeAll: boolean;
}

/**
 * Past this many records an event names none and asks for a purge of everything: a bulk load
 * would make a body of megabytes and a purge of thousands of tags, worse than starting afresh.
 */
export const MAX_EVENT_IDS = 1_000;

const NODE_KIND = {
  published: "Article",
  article: "Article",
  editorial: "Article",
  related: "Article",
  topic: "Topic",
  person: "Person",
} as const;

/**
 * The tags a change purges, read from the records as the store holds them now: a story's lists
 * come from the topics and people it mentions (what an earlier version mentioned is not logged).
 */
async function tagsOf({ kind, ids }: ChangeEntry, store: Store): Promise<string[]> {
  switch (kind) {
    case "published":
    case "article": {
      const articles = await store.articlesByIds(ids);
      return tagsToPurge(articles.flatMap((after) => (after ? [{ after }] : [])));
    }
    case "editorial":
    case "related":
      return relatedTagsToPurge(ids);
    case "topic":
      return entityTagsToPurge("Topic", ids);
    case "person":
      return entityTagsToPurge("Person", ids);
  }
}

/** The event for one change-log entry, its tags read from `store`. */
export async function changeEvent(entry: ChangeEntry, store: Store): Promise<WebhookEvent> {
  const { counter: id, kind, ids } = entry;
  if (ids.length > MAX_EVENT_IDS) return everything(id, kind, ids.length);
  return {
    id,
    kind,
    count: ids.length,
    ids,
    globalIds: ids.map((recordId) => encodeGlobalID(NODE_KIND[kind], recordId)),
    tags: await tagsOf(entry, store),
    purgeAll: false,
  };
}

/** Tells a receiver whose missed changes the log no longer holds to purge everything. */
export const resyncEvent = (counter: number): WebhookEvent => everything(counter, "resync", 0);

const everything = (id: number, kind: WebhookEvent["kind"], count: number): WebhookEvent => ({
  id,
  kind,
  count,
  ids: [],
  globalIds: [],
  tags: [],
  purgeAll: true,
});
