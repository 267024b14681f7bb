import { encodeGlobalID } from "@pothos/plugin-relay";
import type { ArticleRecord, PersonRecord, TopicRecord } from "./store/records.js";
import type { ArticleFilter, Store } from "./store/store.js";

/**
 * Cache tags: the names a CDN purges answers by (Fastly's and Varnish's Surrogate-Key,
 * Cloudflare's Cache-Tag). An answer is tagged with the global id of every Article, Topic and
 * Person it read, and with the lists it read, so that a change purges the answers that hold
 * what changed, and a new story the lists it enters, and nothing else.
 */
export const LIST_TAGS = {
  /** Every list of all articles: the home feed, with or without dates. */
  articles: "list:articles",
  topics: "list:topics",
  people: "list:people",
  /** Any search: a new or edited story may enter any result. */
  search: "list:search",
  ofTopic: (topicId: string) => `list:topic:${encodeGlobalID("Topic", topicId)}`,
  ofPerson: (personId: string) => `list:person:${encodeGlobalID("Person", personId)}`,
} as const;

/**
 * Past this many bytes the header is replaced by broader tags (see `headerValue`): CDNs cap the
 * header (Fastly at 16 kB, Cloudflare at 16 kB of tags), and proxies before them cap headers too.
 */
export const MAX_TAG_HEADER_BYTES = 8 * 1024;

/** The broader tag each kind of id falls back to when an answer names too many. */
const KIND_TAGS = { Article: "kind:Article", Topic: "kind:Topic", Person: "kind:Person" };
type Kind = keyof typeof KIND_TAGS;

/** The tags of one answer, collected while its request reads the store. */
export class CacheTags {
  private readonly entities = new Map<Kind, Set<string>>();
  private readonly lists = new Set<string>();

  entity(kind: Kind, id: string): void {
    let ids = this.entities.get(kind);
    if (!ids) this.entities.set(kind, (ids = new Set()));
    ids.add(id);
  }

  list(tag: string): void {
    this.lists.add(tag);
  }

  /**
   * The header value: list tags, then each entity's global id. When that is over
   * MAX_TAG_HEADER_BYTES, the ids of the kinds with most ids give way to their kind's tag, which
   * every change of that kind purges: broader, never missing anything.
   */
  headerValue(): string {
    const kinds = [...this.entities].sort((a, b) => a[1].size - b[1].size);
    const parts = [...this.lists];
    let value = "";
    for (let broadened = 0; broadened <= kinds.length; broadened++) {
      const exact = kinds.slice(0, kinds.length - broadened);
      const broad = kinds.slice(kinds.length - broadened).map(([kind]) => KIND_TAGS[kind]);
      value = [
        ...parts,
        ...broad,
        ...exact.flatMap(([kind, ids]) => [...ids].map((id) => encodeGlobalID(kind, id))),
      ].join(" ");
      if (Buffer.byteLength(value) <= MAX_TAG_HEADER_BYTES) break;
    }
    return value;
  }
}

/** One story a change added (no `before`) or rewrote. */
export interface ArticleChange {
  before?: ArticleRecord | undefined;
  after: ArticleRecord;
}

/**
 * The tags to purge for a change: each story's own tag and the lists it was or is in (a new
 * story enters the home feed, its topics' and people's lists and searches), the broad kind tag
 * that overflowing answers carry, and the stories whose related edges changed. Nothing else: an
 * unrelated topic's list stays cached.
 */
export function tagsToPurge(
  changes: readonly ArticleChange[],
  relatedChangedFor: readonly string[] = [],
): string[] {
  const tags = new Set<string>([LIST_TAGS.articles, LIST_TAGS.search, KIND_TAGS.Article]);
  for (const { before, after } of changes) {
    tags.add(encodeGlobalID("Article", after.id));
    for (const record of before ? [before, after] : [after]) {
      for (const { id } of record.topics) tags.add(LIST_TAGS.ofTopic(id));
      for (const { id } of record.people) tags.add(LIST_TAGS.ofPerson(id));
    }
  }
  for (const id of relatedChangedFor) tags.add(encodeGlobalID("Article", id));
  return [...tags];
}

/**
 * The tags to purge when only articles' read-more boxes or related edges changed: each article's
 * own tag (its related list is tagged with it) and the kind tag overflowing answers carry. Lists
 * hold no related edges, so they stay cached.
 */
export function relatedTagsToPurge(articleIds: readonly string[]): string[] {
  return [KIND_TAGS.Article, ...articleIds.map((id) => encodeGlobalID("Article", id))];
}

/**
 * The tags to purge when topics or people changed: each one's own tag, its kind's, and the list
 * of all of them (a new one enters it). Their article lists change only with their articles.
 */
export function entityTagsToPurge(kind: "Topic" | "Person", ids: readonly string[]): string[] {
  const list = kind === "Topic" ? LIST_TAGS.topics : LIST_TAGS.people;
  return [list, KIND_TAGS[kind], ...ids.map((id) => encodeGlobalID(kind, id))];
}

const SUGGESTED_KINDS = { article: "Article", topic: "Topic", person: "Person" } as const;

const listOfFilter = (filter: ArticleFilter) =>
  filter.topicId
    ? LIST_TAGS.ofTopic(filter.topicId)
    : filter.personId
      ? LIST_TAGS.ofPerson(filter.personId)
      : LIST_TAGS.articles;

const tagAll = (tags: CacheTags, kind: Kind, records: readonly ({ id: string } | undefined)[]) => {
  for (const record of records) if (record) tags.entity(kind, record.id);
};

/**
 * The store as one request sees it: every record a read returns is tagged on the way out, and
 * every list a read walks. Resolvers read nothing else, so the tags name what the answer holds
 * (a record read but not shown makes a tag too many, never one too few).
 */
export function taggingReads(store: Store, tags: CacheTags): Store {
  return {
    get generation() {
      return store.generation;
    },
    get changeCounter() {
      return store.changeCounter;
    },
    changesSince: (counter) => store.changesSince(counter),
    articlesByIds: async (ids) => tagged(await store.articlesByIds(ids), "Article"),
    articlesBySlugs: async (slugs) => tagged(await store.articlesBySlugs(slugs), "Article"),
    topicsByIds: async (ids) => tagged(await store.topicsByIds(ids), "Topic"),
    topicsBySlugs: async (slugs) => tagged(await store.topicsBySlugs(slugs), "Topic"),
    peopleByIds: async (ids) => tagged(await store.peopleByIds(ids), "Person"),
    peopleBySlugs: async (slugs) => tagged(await store.peopleBySlugs(slugs), "Person"),
    async articlePages(queries) {
      for (const query of queries) tags.list(listOfFilter(query.filter));
      const pages = await store.articlePages(queries);
      for (const page of pages) tagAll(tags, "Article", page.items);
      return pages;
    },
    async topicPages(queries) {
      tags.list(LIST_TAGS.topics);
      const pages = await store.topicPages(queries);
      for (const page of pages) tagAll(tags, "Topic", page.items);
      return pages;
    },
    async personPages(queries) {
      tags.list(LIST_TAGS.people);
      const pages = await store.personPages(queries);
      for (const page of pages) tagAll(tags, "Person", page.items);
      return pages;
    },
    async relatedEdges(articleIds) {
      // An article's related list changes with the stories around it: its own tag covers it,
      // as tagsToPurge names every article whose edges a change touched (relatedChangedFor).
      const edges = await store.relatedEdges(articleIds);
      for (const id of articleIds) tags.entity("Article", id);
      return edges;
    },
    async suggest(requests) {
      const suggestions = await store.suggest(requests);
      for (const { kind, id } of suggestions.flat()) tags.entity(SUGGESTED_KINDS[kind], id);
      return suggestions;
    },
    async search(requests) {
      tags.list(LIST_TAGS.search);
      const results = await store.search(requests);
      for (const result of results)
        tagAll(
          tags,
          "Article",
          result.hits.map((hit) => hit.article),
        );
      return results;
    },
  };

  function tagged<T extends ArticleRecord | TopicRecord | PersonRecord>(
    records: (T | undefined)[],
    kind: Kind,
  ): (T | undefined)[] {
    tagAll(tags, kind, records);
    return records;
  }
}
