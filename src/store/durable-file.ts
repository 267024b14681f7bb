import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";

/** The temporary file a write goes through, beside the target so the rename stays on one disk. */
export const tempPathOf = (path: string) => join(dirname(path), `.${basename(path)}.tmp`);

/** Flushes a file or folder to disk: without it a power cut can undo a rename or empty a file. */
async function sync(path: string, flags: "r" | "r+"): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file so that readers and crashes see the old content or the new, never a part:
 * the new text goes to a temporary file, is flushed, then renamed over the old one. Text longer
 * than one JavaScript string can hold comes as pieces.
 */
export async function writeFileAtomic(
  path: string,
  text: string | Iterable<string>,
): Promise<void> {
  const temp = tempPathOf(path);
  try {
    const handle = await open(temp, "w");
    try {
      // writeFile, unlike write, loops until all of a piece is written, and goes on from there.
      for (const piece of typeof text === "string" ? [text] : text) {
        await handle.writeFile(piece, "utf8");
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await sync(dirname(path), "r");
}

/**
 * A lowdb adapter for a JSON document written atomically and durably (lowdb's own JSONFile
 * renames too, but never flushes). Two-space indented with a final newline, so diffs of the
 * committed store read well.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`);
  }
}
