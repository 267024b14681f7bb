import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Low } from "lowdb";
import { DurableJSONFile } from "./durable-file.js";
import { MemoryStore } from "./memory.js";
import { emptyStoreData, type StoreData } from "./records.js";
import type { WritableStore } from "./store.js";

/** The embedded store that ships with the repo. */
export const embeddedStorePath = fileURLToPath(new URL("../../data/db.json", import.meta.url));

/** NEWS_DB names the store file for the server and every script; the embedded one otherwise. */
export const storePathFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  resolve(env.NEWS_DB || embeddedStorePath);

/**
 * The lowdb JSON file behind the Store interface. The file is read once into memory and
 * indexed; `replace` writes the whole document (to a flushed temp file renamed over the old one,
 * so a crash never leaves half a file) and swaps the indexes.
 */
export class LowdbStore extends MemoryStore implements WritableStore {
  private constructor(
    readonly path: string,
    private readonly db: Low<StoreData>,
  ) {
    super(db.data, { cacheFile: `${path}.search` });
  }

  /** Opens the store at `path`; a missing file is an empty store (ingest creates it). */
  static async open(path: string): Promise<LowdbStore> {
    const db = new Low<StoreData>(new DurableJSONFile<StoreData>(path), emptyStoreData());
    await db.read();
    return new LowdbStore(path, db);
  }

  async snapshot(): Promise<StoreData> {
    return structuredClone(this.data);
  }

  async replace(data: StoreData): Promise<void> {
    this.db.data = data;
    await this.db.write();
    this.load(data);
  }

  /** Re-reads the file another process wrote; one that does not parse throws and changes nothing. */
  async reload(): Promise<void> {
    const text = await readFile(this.path, "utf8");
    const data = JSON.parse(text) as StoreData;
    this.db.data = data;
    this.load(data);
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
