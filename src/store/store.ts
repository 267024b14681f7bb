import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  RelatedEdgeRecord,
  RelatedNode,
  Facets,
  SearchHit,
  StoreData,
  TopicKind,
  TopicRecord,
} from "./records.js";

/**
 * The one way into the data. Every read takes a batch (so per-request DataLoaders map onto it
 * one call per tick) and answers in the order it was asked, `undefined` for a miss. Nothing
 * here knows about GraphQL; a PostgreSQL backend implements the same interface.
 */
export interface Store {
  articlesByIds(ids: readonly string[]): Promise<(ArticleRecord | undefined)[]>;
  articlesBySlugs(slugs: readonly string[]): Promise<(ArticleRecord | undefined)[]>;
  topicsByIds(ids: readonly string[]): Promise<(TopicRecord | undefined)[]>;
  topicsBySlugs(slugs: readonly string[]): Promise<(TopicRecord | undefined)[]>;
  peopleByIds(ids: readonly string[]): Promise<(PersonRecord | undefined)[]>;
  peopleBySlugs(slugs: readonly string[]): Promise<(PersonRecord | undefined)[]>;
  /** One page of articles per query, with the total the filter matches. */
  articlePages(queries: readonly ArticlePageQuery[]): Promise<Page<ArticleRecord>[]>;
  topicPages(queries: readonly TopicPageQuery[]): Promise<Page<TopicRecord>[]>;
  personPages(queries: readonly PageWindow<string>[]): Promise<Page<PersonRecord>[]>;
  /** Each article's related edges in serving order: editorial first, then by score. */
  relatedEdges(articleIds: readonly string[]): Promise<RelatedEdgeRecord[][]>;
  /** Ranked full-text search over articles, one result per request. */
  search(requests: readonly SearchRequest[]): Promise<SearchResult[]>;
  /** Typeahead: people, topics and articles whose name starts with each prefix, most useful first. */
  suggest(requests: readonly SuggestRequest[]): Promise<SuggestHit[][]>;
  /** Changes whenever the data does: caches of answers key on it, so a change retires them. */
  readonly generation: number;
  /** The newest change counter this process has seen (0 for a store never written). Only grows. */
  readonly changeCounter: number;
  /**
   * The change log's entries after `counter`, oldest first; undefined when `counter` is older than
   * what the log still keeps (the JSON store keeps its last 1,000 entries in the store file,
   * PostgreSQL its whole change_log table). Live updates resume from here.
   */
  changesSince(counter: number): Promise<ChangeEntry[] | undefined>;
}

/**
 * What a write changed, by kind of record: "published", articles new to the store; "article",
 * articles already there whose record changed (a teaser upgraded to the full story, edited text);
 * "editorial" and "related", the articles whose read-more box or related edges changed; "topic"
 * and "person", those records.
 */
export type ChangeKind = "published" | "article" | "topic" | "person" | "editorial" | "related";

/** One entry of the change log: one kind of record one committed write changed. */
export interface ChangeEntry {
  counter: number;
  kind: ChangeKind;
  ids: string[];
}

/**
 * What one write changes. Each entry replaces what the store holds under its key: an article,
 * topic or person by id, an article's whole editorial box or whole list of related edges by
 * `fromId` (an empty list removes them). Nothing else is touched.
 */
export interface StoreChanges {
  articles: ArticleRecord[];
  topics: TopicRecord[];
  people: PersonRecord[];
  editorialLinks: { fromId: string; links: EditorialLinkRecord[] }[];
  relatedEdges: { fromId: string; edges: RelatedEdgeRecord[] }[];
}

/** One entity's list around a story: what related scoring walks instead of the whole store. */
export interface PostingRequest {
  /** "p:ID" or "t:ID", as RelatedNode keys. */
  key: string;
  /** The story's place in the list (by publishedAt, then id); the story itself is left out. */
  around: ArticleKey;
  /** At most this many on each side. */
  limit: number;
}

/** The entity's stories on each side of the story, nearest first. */
export interface PostingSides {
  before: ArticleKey[];
  after: ArticleKey[];
}

/**
 * A story's computed related edges (not its editorial ones) as a newcomer meets them: how many
 * there are, and the lowest score among them (Infinity when there are none).
 */
export interface RelatedFloor {
  computed: number;
  lowest: number;
}

/** How many articles the store holds, and how many mention each entity asked for. */
export interface MentionCounts {
  articles: number;
  df: number[];
}

/**
 * What a writer reads while it holds the write: the records a page names and the neighbourhood
 * of the stories it changes, never the whole store. Reads see the data as it stands in the write
 * (on PostgreSQL, inside its transaction), answering in the order asked.
 */
export interface WriteView extends Pick<
  Store,
  "articlesByIds" | "articlesBySlugs" | "topicsByIds" | "peopleByIds"
> {
  editorialLinks(fromIds: readonly string[]): Promise<EditorialLinkRecord[][]>;
  relatedEdges(fromIds: readonly string[]): Promise<RelatedEdgeRecord[][]>;
  /** What a new partner must beat to enter each story's list, without reading the lists. */
  relatedFloors(fromIds: readonly string[]): Promise<RelatedFloor[]>;
  /** The articles whose editorial links or related edges point at any of `ids`. */
  pointingAt(ids: readonly string[]): Promise<string[]>;
  /** Entity counts kept by the store, updated by each write, for the keys asked. */
  mentionCounts(keys: readonly string[]): Promise<MentionCounts>;
  postings(requests: readonly PostingRequest[]): Promise<PostingSides[]>;
  relatedNodes(ids: readonly string[]): Promise<(RelatedNode | undefined)[]>;
}

/** Every article's edge list, for a full pass to replace. */
export interface RelatedList {
  fromId: string;
  edges: RelatedEdgeRecord[];
}

/**
 * A store that can be written. `write` runs `change` on a view of the data as it stands while no
 * other writer can write (another process's write waits, then sees this one's), and applies what
 * it returns in one atomic step: all of it lands, or none of it. It returns whether anything was
 * written; changes that change nothing write nothing.
 */
export interface WritableStore extends Store {
  snapshot(): Promise<StoreData>;
  write(change: (view: WriteView) => Promise<StoreChanges>): Promise<boolean>;
  /** Replaces everything at once, as a generated corpus or a restored backup does. */
  replace(data: StoreData): Promise<void>;
  /**
   * Replaces every article's related edges with what `compute` makes of all the articles' nodes
   * and editorial links (the full pass), in one write; nodes come sorted by id.
   */
  rebuildRelated(
    compute: (nodes: RelatedNode[], links: EditorialLinkRecord[]) => Iterable<RelatedList>,
  ): Promise<number>;
}

/**
 * The store's database cannot be reached, or did not answer in time: nothing the request did
 * wrong, and a retry shortly may succeed. The API answers it as STORE_UNAVAILABLE (503).
 */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

export type ArticleOrder = "PUBLISHED_AT_DESC" | "PUBLISHED_AT_ASC";

/** A position in an article list. Lists are ordered by publishedAt, then id, in one direction. */
export interface ArticleKey {
  publishedAt: string;
  id: string;
}

export interface ArticleFilter {
  topicId?: string;
  personId?: string;
  /** Inclusive, ISO 8601. */
  publishedAfter?: string;
  /** Exclusive, ISO 8601. */
  publishedBefore?: string;
}

/** Whether an article meets every condition of a filter: what an article list keeps. */
export const matchesFilter = (article: ArticleRecord, filter: ArticleFilter): boolean =>
  (filter.topicId === undefined || article.topics.some((m) => m.id === filter.topicId)) &&
  (filter.personId === undefined || article.people.some((m) => m.id === filter.personId)) &&
  (filter.publishedAfter === undefined || article.publishedAt >= filter.publishedAfter) &&
  (filter.publishedBefore === undefined || article.publishedAt < filter.publishedBefore);

/**
 * A window on an ordered list, as Relay asks for it: the items after `after` and before `before`,
 * `limit` of them from the start, or from the end when `inverted` (then nearest `before` first).
 */
export interface PageWindow<Key> {
  after?: Key;
  before?: Key;
  limit: number;
  inverted: boolean;
}

export interface ArticlePageQuery extends PageWindow<ArticleKey> {
  filter: ArticleFilter;
  order: ArticleOrder;
}

/** Topics are listed by slug; people too (their key is the slug). */
export interface TopicPageQuery extends PageWindow<string> {
  kind?: TopicKind;
}

/** A search as the API asks it: the reader's text, the article filter, an offset page of the ranking. */
export interface SearchRequest {
  text: string;
  filter: ArticleFilter;
  offset: number;
  limit: number;
  /** Count the topics and people of the whole result: work the page alone skips. */
  facets?: boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  totalCount: number;
  /** False when totalCount is an estimate: a backend that ranks a bounded share of large results says so. */
  totalCountExact: boolean;
  /** When nothing matched: the query with its unknown words replaced by the closest known ones. */
  suggestion: string | null;
  /** When asked for. */
  facets?: Facets;
}

/** Typeahead: names and headlines that start with `prefix`, the `first` most useful. */
export interface SuggestRequest {
  prefix: string;
  first: number;
}

export interface SuggestHit {
  kind: "person" | "topic" | "article";
  id: string;
  /** The name or headline, in the prefix's script when the entity has a name in it. */
  label: string;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
}

/** The records a batch read found, for loaders whose `sort` turns each missing key into null. */
export const found = <T>(records: readonly (T | undefined)[]): T[] =>
  records.filter((record): record is T => record !== undefined);

/** The same answer with null for each miss, as GraphQL wants it. */
export const orNull = <T>(records: readonly (T | undefined)[]): (T | null)[] =>
  records.map((record) => record ?? null);

/** Code-point order of ids and slugs: the same on every machine, unlike localeCompare. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order every article list is kept in, ascending: publishedAt, then id. */
export const compareArticleKeys = (a: ArticleKey, b: ArticleKey): number =>
  compareStrings(a.publishedAt, b.publishedAt) || compareStrings(a.id, b.id);

/** An edge that an editor's read-more box put there, ahead of the computed ones. */
export const isEditorialEdge = (edge: RelatedEdgeRecord) => edge.reasons[0]?.kind === "EDITORIAL";

/** The floor of a related list held whole. */
export function relatedFloorOf(edges: readonly RelatedEdgeRecord[]): RelatedFloor {
  const computed = edges.filter((edge) => !isEditorialEdge(edge));
  return { computed: computed.length, lowest: Math.min(...computed.map((edge) => edge.score)) };
}

/** An article as related scoring sees it: its entities as keys, sorted, so people come first. */
export const relatedNodeOf = (article: ArticleRecord): RelatedNode => ({
  id: article.id,
  publishedAt: article.publishedAt,
  keys: [...article.people.map((m) => `p:${m.id}`), ...article.topics.map((m) => `t:${m.id}`)].sort(
    compareStrings,
  ),
});
