import DataLoader from "dataloader";
import { taggingReads, type CacheTags } from "./cache-tags.js";
import type { ArticleRecord, RelatedEdgeRecord } from "./store/records.js";
import type { LiveHub } from "./live/hub.js";
import type { ArticlePageQuery, Page, Store } from "./store/store.js";

/**
 * The loaders of list queries, made per request so that every connection of one kind in one
 * query (the articles of each topic on a page, the related stories of each article) costs the
 * store one call. Loaders of single objects by id belong to their types (schema/*.ts).
 */
function createLoaders(store: Store) {
  return {
    articlePages: new DataLoader<ArticlePageQuery, Page<ArticleRecord>, string>(
      (queries) => store.articlePages(queries),
      { cacheKeyFn: (query) => JSON.stringify(query) },
    ),
    relatedEdges: new DataLoader<string, RelatedEdgeRecord[]>((ids) => store.relatedEdges(ids)),
  };
}

/**
 * What every resolver sees. A fresh object per request: the loaders above, and those Pothos'
 * dataloader plugin keys on this object, batch and cache for exactly one request.
 */
export interface Context {
  store: Store;
  loaders: ReturnType<typeof createLoaders>;
  /** What a subscription needs to open its stream; absent in the context of each event. */
  live?: LiveRequest;
}

/** A request's side of live updates: the process's hub, and who is asking from where. */
export interface LiveRequest {
  hub: LiveHub;
  /** The client's address (TRUSTED_PROXIES decides whether X-Forwarded-For counts). */
  client: () => string;
  /** The Last-Event-ID header a reconnecting client sends, as sent. */
  lastEventId: string | null;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/**
 * A request's context. With `tags`, every read is tagged on the way (see cache-tags.ts), so the
 * answer can name what it holds for a CDN's purge.
 */
export function createContext(store: Store, tags?: CacheTags, live?: LiveRequest): Context {
  const reads = tags ? taggingReads(store, tags) : store;
  return { store: reads, loaders: createLoaders(reads), ...(live && { live }) };
}
