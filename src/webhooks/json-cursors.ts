import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../durable-file.js";
import type { Claim, Cursor, CursorStore } from "./cursors.js";

/** The side file's content: each receiver URL's cursor. */
interface CursorFile {
  cursors: Record<string, Cursor>;
}

/**
 * The cursors of a JSON store, in a side file beside it (`db.json.webhooks`) written atomically.
 * Only the server process that serves the store delivers, so claims are held in memory; the time
 * of a retry is too (a restarted server tries again at once).
 */
export class JsonCursorStore implements CursorStore {
  private readonly held = new Set<string>();
  private readonly dueAt = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly cursors: Map<string, Cursor>,
  ) {}

  /** The cursors in the file at `path`; a missing file holds none. */
  static async open(path: string): Promise<JsonCursorStore> {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return '{"cursors":{}}';
      throw error;
    });
    const { cursors } = JSON.parse(text) as CursorFile;
    return new JsonCursorStore(path, new Map(Object.entries(cursors)));
  }

  async register(urls: readonly string[], counter: number): Promise<void> {
    const added = urls.filter((url) => !this.cursors.has(url));
    for (const url of added) this.cursors.set(url, { delivered: counter, attempts: 0 });
    if (added.length > 0) await this.save();
  }

  async claim(url: string): Promise<Claim | undefined> {
    const cursor = this.cursors.get(url);
    if (!cursor || this.held.has(url) || (this.dueAt.get(url) ?? 0) > Date.now()) return undefined;
    this.held.add(url);
    return { url, token: url, ...cursor };
  }

  async release(claim: Claim, cursor: Cursor, retryInMs: number): Promise<void> {
    this.cursors.set(claim.url, { delivered: cursor.delivered, attempts: cursor.attempts });
    this.dueAt.set(claim.url, Date.now() + retryInMs);
    try {
      await this.save();
    } finally {
      this.held.delete(claim.url);
    }
  }

  /** Writes the file; writes queue, so the last one written holds every cursor's newest value. */
  private save(): Promise<void> {
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => {
        const file: CursorFile = { cursors: Object.fromEntries(this.cursors) };
        return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
      });
    return this.saving;
  }
}
