import type { StoreData } from "../store/records.js";
import { buildIndexArrays, type IndexArrays } from "./index-build.js";
import { fingerprint, readIndexFile, writeIndexFile } from "./index-file.js";
import { tokenize } from "./normalize.js";
import type { SearchRequest, SearchResult } from "../store/store.js";
import { SearchIndex } from "./search-index.js";
import { TimeSlicer } from "./time-slice.js";
import type { SuggestHit, SuggestRequest } from "../store/store.js";

/** Where a store keeps what search may persist beside it; none for a store held only in memory. */
export interface ArticleSearchOptions {
  /** A file the search index may be saved to and loaded from, beside the store file. */
  cacheFile?: string;
}

/**
 * The search index keeps proper names whole when it stems (بوتين is not بوت + ين): those of
 * people, places and organisations. Subjects are common nouns and stem like any word.
 */
export function namesKeptWhole({ topics, people }: Pick<StoreData, "topics" | "people">): string[] {
  const named = [...topics.filter((topic) => topic.kind !== "SUBJECT"), ...people];
  const names = named.flatMap((entity) => [entity.name, ...entity.aliases]);
  return names.flatMap((name) => tokenize(name).map((t) => t.text));
}

/** The index of a store's data, built (in time slices) without touching any file. */
export async function buildSearchIndex(data: StoreData): Promise<SearchIndex> {
  const names = namesKeptWhole(data);
  const slicer = new TimeSlicer();
  const arrays = await buildIndexArrays(data.articles, names, slicer);
  return SearchIndex.open(data, names, arrays, slicer);
}

/**
 * Search over one version of a store's data; a new version gets a new ArticleSearch.
 *
 * The index is opened on the first search, since most processes (the ingest, a cold server)
 * never search: loaded from the cache file when that was saved from this very content, else
 * built and saved. Both run in time slices, so other requests are served meanwhile; searches
 * that arrive before the index is ready wait for it.
 */
export class ArticleSearch {
  private index: Promise<SearchIndex> | undefined;
  private retired = false;

  /** The store moved on to newer data: an index still being built serves its waiting searches but is not saved. */
  retire(): void {
    this.retired = true;
  }

  constructor(
    private readonly data: StoreData,
    readonly options: ArticleSearchOptions = {},
  ) {}

  async search(requests: readonly SearchRequest[]): Promise<SearchResult[]> {
    const index = await this.opened();
    return requests.map((request) => index.search(request));
  }

  async suggest(requests: readonly SuggestRequest[]): Promise<SuggestHit[][]> {
    const index = await this.opened();
    return requests.map((request) => index.suggest(request));
  }

  private opened(): Promise<SearchIndex> {
    // A failed open (a disk error, say) is not kept: the next search tries again.
    this.index ??= this.open().catch((error: unknown) => {
      this.index = undefined;
      throw error;
    });
    return this.index;
  }

  private async open(): Promise<SearchIndex> {
    const { cacheFile } = this.options;
    if (cacheFile === undefined) return buildSearchIndex(this.data);
    const { articles } = this.data;
    const names = namesKeptWhole(this.data);
    const slicer = new TimeSlicer();
    const open = (arrays: IndexArrays) => SearchIndex.open(this.data, names, arrays, slicer);
    const print = fingerprint(articles, names, slicer);
    // Awaited below, after the file is read; a failure then must not count as unhandled meanwhile.
    print.catch(() => {});
    const saved = await readIndexFile(cacheFile, print, slicer);
    if (saved) return open(saved);
    const built = await buildIndexArrays(articles, names, slicer);
    // Data replaced while this was building: the file now belongs to the newer index.
    if (this.retired) return open(built);
    // An index that cannot be saved (a read-only folder, a full disk) still serves this process.
    await writeIndexFile(cacheFile, await print, built, slicer).catch((error: Error) =>
      process.emitWarning(`The search index was not saved to ${cacheFile}: ${error.message}`),
    );
    return open(built);
  }
}
