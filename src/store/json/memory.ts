import { setImmediate as nextTurn } from "node:timers/promises";
import { StoreContents } from "./contents.js";
import { groupBy } from "../group.js";
import type {
  ArticleRecord,
  MentionRecord,
  PersonRecord,
  StoreData,
  TopicRecord,
} from "../records.js";
import { firstNotBefore } from "../../sorted.js";
import { ArticleSearch, type ArticleSearchOptions } from "../../text/article-search.js";
import type {
  ChangeEntry,
  SearchRequest,
  SearchResult,
  SuggestHit,
  SuggestRequest,
  WriteView,
} from "../store.js";
import { JsonWriteView } from "./write-view.js";
import {
  compareArticleKeys,
  compareStrings,
  type ArticleKey,
  type ArticlePageQuery,
  type Page,
  type PageWindow,
  type Store,
  type TopicPageQuery,
} from "../store.js";

/** firstNotBefore over a whole list, asking of each item. */
const bound = <T>(list: readonly T[], isBefore: (item: T) => boolean): number =>
  firstNotBefore(0, list.length, (i) => isBefore(list[i]!));

const lowerBound = (list: readonly ArticleKey[], key: ArticleKey) =>
  bound(list, (item) => compareArticleKeys(item, key) < 0);
const upperBound = (list: readonly ArticleKey[], key: ArticleKey) =>
  bound(list, (item) => compareArticleKeys(item, key) <= 0);

/**
 * Takes a Relay window from the range [lo, hi) of an ascending list, walking it forwards or
 * backwards. `after`/`before` have already narrowed the range.
 */
function takeWindow<T>(
  list: readonly T[],
  lo: number,
  hi: number,
  window: { limit: number; inverted: boolean },
  forwards: boolean,
): T[] {
  const fromStart = forwards !== window.inverted;
  const count = Math.max(0, Math.min(window.limit, hi - lo));
  return fromStart ? list.slice(lo, lo + count) : list.slice(hi - count, hi).reverse();
}

const keyed = <T>(items: readonly T[], key: (item: T) => string) =>
  new Map(items.map((item) => [key(item), item]));

const byEntity = (
  articles: readonly ArticleRecord[],
  mentions: (article: ArticleRecord) => MentionRecord[],
) => groupBy(articles, (article) => mentions(article).map(({ id }) => id));

const bySlug = <T extends { slug: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => compareStrings(a.slug, b.slug));

/**
 * Everything a read needs, built once per version of the data, an index a step: a reloading
 * server answers requests between the steps (at 100k articles each takes a few tenths of a second,
 * all of them together more than a second).
 */
function* indexSteps(data: StoreContents) {
  const allArticles = [...data.articles].sort(compareArticleKeys);
  yield;
  const articles = keyed(data.articles, (a) => a.id);
  yield;
  const articlesBySlug = keyed(data.articles, (a) => a.slug);
  yield;
  const articlesByTopic = byEntity(allArticles, (a) => a.topics);
  yield;
  const articlesByPerson = byEntity(allArticles, (a) => a.people);
  yield;
  return {
    data,
    articles,
    articlesBySlug,
    topics: keyed(data.topics, (t) => t.id),
    topicsBySlug: keyed(data.topics, (t) => t.slug),
    people: keyed(data.people, (p) => p.id),
    peopleBySlug: keyed(data.people, (p) => p.slug),
    allArticles,
    articlesByTopic,
    articlesByPerson,
    topicsSorted: bySlug(data.topics),
    peopleSorted: bySlug(data.people),
  };
}

type Indexes = ReturnType<typeof indexSteps> extends Generator<void, infer R> ? R : never;

function allAtOnce<R>(steps: Generator<void, R>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

async function turnByTurn<R>(steps: Generator<void, R>): Promise<R> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/**
 * The whole store held in memory with the indexes reads need: lookups by id and slug, every
 * article list (all, per topic, per person) sorted once, so a page costs a binary search and a
 * slice, whatever the store's size.
 */
export class MemoryStore implements Store {
  private indexes: Indexes;
  private articleSearch: ArticleSearch;

  constructor(
    data: StoreData,
    private readonly searchOptions: ArticleSearchOptions = {},
  ) {
    const contents = StoreContents.of(data);
    this.indexes = allAtOnce(indexSteps(contents));
    this.articleSearch = new ArticleSearch(contents, searchOptions);
  }

  /** The data as loaded; callers must not mutate it. */
  protected get data(): StoreContents {
    return this.indexes.data;
  }

  /** What a writer reads: the loaded data and its indexes, never a copy of the whole store. */
  protected writeView(): WriteView {
    return new JsonWriteView(this, this.indexes);
  }

  /** Swaps in a new version of the data at once: a read sees the old or the new, never a mix. */
  private loads = 0;

  get generation(): number {
    return this.loads;
  }

  get changeCounter(): number {
    return this.data.changeCounter;
  }

  async changesSince(counter: number): Promise<ChangeEntry[] | undefined> {
    return this.data.changesSince(counter);
  }

  /** Builds the new indexes a step per turn of the event loop, reads meanwhile seeing the old. */
  protected async load(data: StoreContents): Promise<void> {
    const indexes = await turnByTurn(indexSteps(data));
    this.loads += 1;
    this.indexes = indexes;
    this.articleSearch.retire();
    this.articleSearch = new ArticleSearch(data, this.searchOptions);
  }

  async articlesByIds(ids: readonly string[]) {
    return ids.map((id) => this.indexes.articles.get(id));
  }
  async articlesBySlugs(slugs: readonly string[]) {
    return slugs.map((slug) => this.indexes.articlesBySlug.get(slug));
  }
  async topicsByIds(ids: readonly string[]) {
    return ids.map((id) => this.indexes.topics.get(id));
  }
  async topicsBySlugs(slugs: readonly string[]) {
    return slugs.map((slug) => this.indexes.topicsBySlug.get(slug));
  }
  async peopleByIds(ids: readonly string[]) {
    return ids.map((id) => this.indexes.people.get(id));
  }
  async peopleBySlugs(slugs: readonly string[]) {
    return slugs.map((slug) => this.indexes.peopleBySlug.get(slug));
  }
  async relatedEdges(articleIds: readonly string[]) {
    return articleIds.map((id) => this.indexes.data.relatedOf(id));
  }

  async search(requests: readonly SearchRequest[]): Promise<SearchResult[]> {
    return this.articleSearch.search(requests);
  }

  async suggest(requests: readonly SuggestRequest[]): Promise<SuggestHit[][]> {
    return this.articleSearch.suggest(requests);
  }

  async articlePages(queries: readonly ArticlePageQuery[]): Promise<Page<ArticleRecord>[]> {
    return queries.map((query) => this.articlePage(query));
  }

  async topicPages(queries: readonly TopicPageQuery[]): Promise<Page<TopicRecord>[]> {
    const { topicsSorted } = this.indexes;
    return queries.map(({ kind, ...window }) =>
      pageBySlug(kind ? topicsSorted.filter((t) => t.kind === kind) : topicsSorted, window),
    );
  }

  async personPages(queries: readonly PageWindow<string>[]): Promise<Page<PersonRecord>[]> {
    return queries.map((window) => pageBySlug(this.indexes.peopleSorted, window));
  }

  private articlePage({ filter, order, ...window }: ArticlePageQuery): Page<ArticleRecord> {
    const list = this.listFor(filter);
    let lo = filter.publishedAfter
      ? lowerBound(list, { publishedAt: filter.publishedAfter, id: "" })
      : 0;
    let hi = filter.publishedBefore
      ? lowerBound(list, { publishedAt: filter.publishedBefore, id: "" })
      : list.length;
    const totalCount = Math.max(0, hi - lo);
    const ascending = order === "PUBLISHED_AT_ASC";
    // In descending order "after" a key means older than it, so the bounds swap roles.
    const [older, newer] = ascending
      ? [window.before, window.after]
      : [window.after, window.before];
    if (older) hi = Math.min(hi, lowerBound(list, older));
    if (newer) lo = Math.max(lo, upperBound(list, newer));
    return { items: takeWindow(list, lo, hi, window, ascending), totalCount };
  }

  private listFor({ topicId, personId }: ArticleFilter): readonly ArticleRecord[] {
    const { articlesByTopic, articlesByPerson, allArticles } = this.indexes;
    const byTopic = topicId === undefined ? undefined : (articlesByTopic.get(topicId) ?? []);
    const byPerson = personId === undefined ? undefined : (articlesByPerson.get(personId) ?? []);
    if (byTopic && byPerson) {
      const inPerson = new Set(byPerson);
      return byTopic.filter((article) => inPerson.has(article));
    }
    return byTopic ?? byPerson ?? allArticles;
  }
}

type ArticleFilter = ArticlePageQuery["filter"];

function pageBySlug<T extends { slug: string }>(
  list: readonly T[],
  { after, before, ...window }: PageWindow<string>,
): Page<T> {
  const lo = after === undefined ? 0 : bound(list, (item) => item.slug <= after);
  const hi = before === undefined ? list.length : bound(list, (item) => item.slug < before);
  return { items: takeWindow(list, lo, hi, window, true), totalCount: list.length };
}
