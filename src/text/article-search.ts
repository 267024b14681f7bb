import type { StoreData } from "../store/records.js";
import { tokenize } from "./normalize.js";
import { SearchIndex, type SearchRequest, type SearchResult } from "./search-index.js";

/** Where a store keeps what search may persist beside it; none for a store held only in memory. */
export interface ArticleSearchOptions {
  /** A file the search index may be saved to and loaded from, beside the store file. */
  cacheFile?: string;
}

/**
 * The search index keeps proper names whole when it stems (بوتين is not بوت + ين): those of
 * people, places and organisations. Subjects are common nouns and stem like any word.
 */
function buildSearchIndex({ articles, topics, people }: StoreData): SearchIndex {
  const named = [...topics.filter((topic) => topic.kind !== "SUBJECT"), ...people];
  const names = named.flatMap((entity) => [entity.name, ...entity.aliases]);
  return new SearchIndex(
    articles,
    names.flatMap((name) => tokenize(name).map((t) => t.text)),
  );
}

/** Search over one version of a store's data; a new version gets a new ArticleSearch. */
export class ArticleSearch {
  /** Built on the first search, since most processes (the ingest, a cold server) never search. */
  private index: SearchIndex | undefined;

  constructor(
    private readonly data: StoreData,
    readonly options: ArticleSearchOptions = {},
  ) {}

  async search(requests: readonly SearchRequest[]): Promise<SearchResult[]> {
    const index = (this.index ??= buildSearchIndex(this.data));
    return requests.map((request) => index.search(request));
  }
}
