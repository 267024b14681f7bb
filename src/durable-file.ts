import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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

/** Text pieces joined into writes of at least this many characters: one write per line would be slow. */
const WRITE_CHARS = 1 << 20;

function* batched(pieces: Iterable<string | Uint8Array>): Generator<string | Uint8Array> {
  let batch = "";
  for (const piece of pieces) {
    if (typeof piece !== "string") {
      if (batch !== "") yield batch;
      batch = "";
      yield piece;
      continue;
    }
    batch += piece;
    if (batch.length >= WRITE_CHARS) {
      yield batch;
      batch = "";
    }
  }
  if (batch !== "") yield batch;
}

/**
 * Replaces a file so that readers and crashes see the old content or the new, never a part:
 * the new content goes to a temporary file, is flushed, then renamed over the old one. Content
 * longer than one JavaScript string can hold comes as pieces (lines, say, or byte arrays),
 * written in batches. Writers that hold no lock pass a temporary path of their own.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string | Uint8Array>,
  temp = tempPathOf(path),
): Promise<void> {
  try {
    const handle = await open(temp, "w");
    try {
      // writeFile, unlike write, loops until all of a piece is written, and goes on from there.
      for (const piece of batched(typeof content === "string" ? [content] : content)) {
        await handle.writeFile(piece);
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
