import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Low } from "lowdb";
import { StoreContents } from "./contents.js";
import { MemoryStore } from "./memory.js";
import type { EditorialLinkRecord, RelatedNode, StoreData } from "../records.js";
import { encodeRelatedLine } from "./related-line.js";
import { readStoreFile, StoreFile } from "./store-file.js";
import { changesBetween, isEmptyChange, loggedChanges, type LoggedChange } from "../changes.js";
import { emptyStoreData } from "../records.js";
import {
  compareStrings,
  found,
  relatedNodeOf,
  type RelatedList,
  type StoreChanges,
  type WritableStore,
  type WriteView,
} from "../store.js";

/** The embedded store that ships with the repo. */
export const embeddedStorePath = fileURLToPath(new URL("../../../data/db.json", import.meta.url));

/** NEWS_DB names the store file for the server and every script; the embedded one otherwise. */
export const storePathFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  resolve(env.NEWS_DB || embeddedStorePath);

/**
 * The lowdb store file (store-file.ts) behind the Store interface. The file is read once into
 * memory and indexed; `replace` writes the whole document (to a flushed temp file renamed over
 * the old one, so a crash never leaves half a file) and swaps the indexes.
 */
export class LowdbStore extends MemoryStore implements WritableStore {
  /** The reload under way, or the last one: each waits for the one before. */
  private reloading: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly db: Low<StoreContents>,
  ) {
    super(db.data, { cacheFile: `${path}.search` });
  }

  /** Opens the store at `path`; a missing file is an empty store (ingest creates it). */
  static async open(path: string): Promise<LowdbStore> {
    const db = new Low(new StoreFile(path), StoreContents.empty());
    await db.read();
    return new LowdbStore(path, db);
  }

  async snapshot(): Promise<StoreData> {
    const { articles, topics, people, editorialLinks, relatedEdges } = this.data;
    return { ...structuredClone({ articles, topics, people, editorialLinks }), relatedEdges };
  }

  /**
   * Applies the changes and writes the whole file (see replace). Other processes are kept out by
   * the writer's lock file (lock.ts), which the ingest takes before it opens the store.
   */
  async write(change: (view: WriteView) => Promise<StoreChanges>): Promise<boolean> {
    const changes = await change(this.writeView());
    if (isEmptyChange(changes)) return false;
    const ids = changes.articles.map((article) => article.id);
    const existing = new Set(found(await this.articlesByIds(ids)).map((article) => article.id));
    await this.save(this.data.withChanges(changes), loggedChanges(changes, existing));
    return true;
  }

  /**
   * The full pass over the loaded data, written as one new file; the articles whose edges it
   * changed are logged as "related".
   */
  async rebuildRelated(
    compute: (nodes: RelatedNode[], links: EditorialLinkRecord[]) => Iterable<RelatedList>,
  ): Promise<number> {
    const { data } = this;
    const lists = [...compute(data.articles.map(relatedNodeOf), data.editorialLinks)];
    const lines = new Map(lists.map(({ fromId, edges }) => [fromId, encodeRelatedLine(edges)]));
    const changed = [...new Set([...lines.keys(), ...data.relatedLines.keys()])].filter(
      (id) => lines.get(id) !== data.relatedLines.get(id),
    );
    const { articles, topics, people, editorialLinks } = data;
    await this.save(
      new StoreContents(articles, topics, people, editorialLinks, lines),
      changed.length === 0 ? [] : [{ kind: "related", ids: changed.sort(compareStrings) }],
    );
    return lists.reduce((sum, { edges }) => sum + edges.length, 0);
  }

  /** Logged as PostgreSQL logs it: everything in `data` is new. */
  async replace(data: StoreData): Promise<void> {
    await this.save(data, loggedChanges(changesBetween(emptyStoreData(), data), new Set()));
  }

  /** Writes the data and its change-log entries in one file, and serves them. */
  private async save(data: StoreData, logged: readonly LoggedChange[]): Promise<void> {
    const contents = StoreContents.of(data).loggedAfter(this.data.changes, logged);
    this.db.data = contents;
    await this.db.write();
    await this.load(contents);
  }

  /**
   * Re-reads the file another process wrote. Reads go on being answered from the data already
   * loaded while the new file is read, a chunk per turn of the event loop; then the new data
   * takes over at once. A file that does not parse throws and changes nothing. Reloads run one
   * after another, so the last file read is the newest.
   */
  reload(): Promise<void> {
    this.reloading = this.reloading
      .catch(() => undefined)
      .then(async () => {
        const contents = await readStoreFile(this.path);
        this.db.data = contents;
        await this.load(contents);
      });
    return this.reloading;
  }

  /**
   * Reloads whenever the file is replaced, and tells `onReload`. Watches the folder, since an
   * atomic write renames a new file over the old one. Returns the watcher to close.
   */
  watch(onReload: () => void, onError: (error: unknown) => void): FSWatcher {
    let timer: NodeJS.Timeout | undefined;
    const file = basename(this.path);
    return watch(dirname(this.path), (_event, name) => {
      if (name !== file) return;
      clearTimeout(timer);
      timer = setTimeout(() => this.reload().then(onReload, onError), 25);
    });
  }
}
