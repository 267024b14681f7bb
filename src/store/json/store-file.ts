import { open, readFile } from "node:fs/promises";
import type { Adapter } from "lowdb";
import { StoreContents } from "./contents.js";
import { writeFileAtomic } from "../../durable-file.js";
import type { RelatedEdgeRecord, StoreData } from "../records.js";
import type { ChangeEntry } from "../store.js";
import { fromIdOf } from "./related-line.js";

/**
 * The store file: one JSON document with one record a line, so that it is read a line at a time,
 * never as one string (V8 caps a string at 2^29 − 24 characters, and a store of 100k articles is
 * longer), and so that a reader gives the event loop a turn between chunks:
 *
 *     {
 *     "articles": [
 *     {"id":"2e7217af56e7","slug":…},
 *     {"id":"…"}
 *     ],
 *     "topics": [
 *     …
 *     ],
 *     "related": [
 *     {"fromId":"2e7217af56e7","edges":[…]}
 *     ],
 *     "changes": [
 *     {"counter":1,"kind":"published","ids":["2e7217af56e7",…]}
 *     ]
 *     }
 *
 * The sections come in this order; "related" holds each article's related edges on one line
 * (related-line.ts), "changes" the newest entries of the change log (a file written before there
 * was one ends after "related", and reads as a store never written). Any other layout of the same JSON (formatted by hand, or an older store with
 * one object per edge under "relatedEdges") is read whole with JSON.parse, up to that string cap.
 */
const SECTIONS = ["articles", "topics", "people", "editorialLinks", "related", "changes"] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Bytes read at a time. Each read ends a turn of the event loop, so a running server answers
 * requests between chunks while it reloads: a chunk's lines take a few milliseconds to parse.
 */
const CHUNK_BYTES = 1 << 18;

function* mapped<T>(items: Iterable<T>, text: (item: T) => string): Generator<string> {
  for (const item of items) yield text(item);
}

const recordLines = (contents: StoreContents): Record<Section, Iterable<string>> => {
  const json = (record: unknown) => JSON.stringify(record);
  return {
    articles: mapped(contents.articles, json),
    topics: mapped(contents.topics, json),
    people: mapped(contents.people, json),
    editorialLinks: mapped(contents.editorialLinks, json),
    related: contents.relatedLines.values(),
    changes: mapped(contents.changes, json),
  };
};

/** One section: its name, its records a line each, a comma after all but the last. */
function* sectionLines(name: Section, records: Iterable<string>, last: boolean): Generator<string> {
  yield `"${name}": [\n`;
  let previous: string | undefined;
  for (const record of records) {
    if (previous !== undefined) yield `${previous},\n`;
    previous = record;
  }
  if (previous !== undefined) yield `${previous}\n`;
  yield last ? "]\n" : "],\n";
}

/** The file's text a line at a time, newlines included. */
export function* storeFileLines(contents: StoreContents): Generator<string> {
  yield "{\n";
  const records = recordLines(contents);
  for (const [i, name] of SECTIONS.entries()) {
    yield* sectionLines(name, records[name], i === SECTIONS.length - 1);
  }
  yield "}\n";
}

/**
 * A file's lines without their newlines, read `chunkBytes` at a time into one buffer; a line
 * longer than a chunk is put together from the chunks it spans. A newline byte is never part of
 * a multi-byte UTF-8 character, so each line decodes on its own.
 */
export async function* fileLines(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    // The start of a line an earlier chunk ended in, copied since the buffer is read into again.
    let partial: Buffer[] = [];
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      let end: number;
      while ((end = chunk.indexOf(10, start)) !== -1) {
        const piece = chunk.subarray(start, end);
        yield partial.length === 0
          ? piece.toString("utf8")
          : Buffer.concat([...partial, piece]).toString("utf8");
        partial = [];
        start = end + 1;
      }
      if (start < bytesRead) partial.push(Buffer.from(chunk.subarray(start)));
    }
    if (partial.length > 0) yield Buffer.concat(partial).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** The file does not begin as the line layout does: it is read whole instead. */
class OtherLayout extends Error {}

/** Reads the line layout, failing with the number of the first line that breaks it. */
async function readLineLayout(path: string, chunkBytes: number): Promise<StoreContents> {
  const lines = fileLines(path, chunkBytes);
  try {
    return await parseLineLayout(path, lines);
  } finally {
    await lines.return(undefined);
  }
}

async function parseLineLayout(
  path: string,
  lines: AsyncGenerator<string>,
): Promise<StoreContents> {
  const { articles, topics, people, editorialLinks } = StoreContents.empty();
  const related = new Map<string, string>();
  const changes: ChangeEntry[] = [];
  const add: Record<Section, (record: string) => void> = {
    articles: (record) => articles.push(JSON.parse(record)),
    topics: (record) => topics.push(JSON.parse(record)),
    people: (record) => people.push(JSON.parse(record)),
    editorialLinks: (record) => editorialLinks.push(JSON.parse(record)),
    related: (record) => addRelatedLine(related, record),
    changes: (record) => changes.push(JSON.parse(record)),
  };
  let number = 0;
  const fail = (reason: string) => new Error(`${path}, line ${number}: ${reason}`);
  const next = async (): Promise<string | undefined> => {
    const { value, done } = await lines.next();
    number += 1;
    return done ? undefined : value;
  };
  if ((await next()) !== "{") throw new OtherLayout();
  for (const [i, name] of SECTIONS.entries()) {
    if ((await next()) !== `"${name}": [`) {
      throw i === 0 ? new OtherLayout() : fail(`expected the "${name}" section`);
    }
    const close = i === SECTIONS.length - 1 ? "]" : "],";
    // Where a file from before the change log ends its last section.
    const endsOlderStore = (line: string | undefined) => name === "related" && line === "]";
    let line = await next();
    if (line !== close && !endsOlderStore(line)) {
      // Each record ends in a comma but the last; the line after the last must close the section.
      for (let more = true; more; line = await next()) {
        if (line === undefined) throw fail("the file ends inside a section");
        more = line.endsWith(",");
        try {
          add[name](more ? line.slice(0, -1) : line);
        } catch (error) {
          throw fail(error instanceof Error ? error.message : String(error));
        }
      }
    }
    if (endsOlderStore(line)) break;
    if (line !== close) throw fail(`expected ${close} to end the "${name}" section`);
  }
  if ((await next()) !== "}") throw fail("expected } to end the store");
  for (let line = await next(); line !== undefined; line = await next()) {
    if (line.trim() !== "") throw fail("text after the end of the store");
  }
  return new StoreContents(articles, topics, people, editorialLinks, related, changes);
}

/** A store document as JSON.parse gives it, in this layout or an older one. */
type StoreDocument = Omit<StoreData, "relatedEdges"> & { changes?: ChangeEntry[] } & (
    { related: unknown[] } | { relatedEdges: RelatedEdgeRecord[] }
  );

function contentsOf(document: StoreDocument): StoreContents {
  const changes = document.changes ?? [];
  if (!("related" in document)) return StoreContents.of(document).loggedAfter(changes, []);
  const lines = document.related.map((line) => JSON.stringify(line));
  return new StoreContents(
    document.articles,
    document.topics,
    document.people,
    document.editorialLinks,
    lines.reduce(addRelatedLine, new Map<string, string>()),
    changes,
  );
}

/** Files a related line under its article; a second line for one article is a broken file. */
function addRelatedLine(related: Map<string, string>, line: string): Map<string, string> {
  const fromId = fromIdOf(line);
  if (related.has(fromId)) throw new Error(`a second related line for article ${fromId}`);
  return related.set(fromId, line);
}

/**
 * Reads a store file: the line layout a line at a time, any other JSON whole. Throws when the file
 * is missing or is not JSON, naming the line that breaks the line layout.
 */
export async function readStoreFile(
  path: string,
  chunkBytes = CHUNK_BYTES,
): Promise<StoreContents> {
  try {
    return await readLineLayout(path, chunkBytes);
  } catch (lineError) {
    if ((lineError as NodeJS.ErrnoException).code === "ENOENT") throw lineError;
    try {
      return contentsOf(JSON.parse(await readFile(path, "utf8")) as StoreDocument);
    } catch (error) {
      throw lineError instanceof OtherLayout ? error : lineError;
    }
  }
}

/**
 * The lowdb adapter of the store file: read a line at a time, written atomically and durably (a
 * flushed temp file renamed over the old one; lowdb's own JSONFile renames too, but never
 * flushes). A missing file reads as no data.
 */
export class StoreFile implements Adapter<StoreContents> {
  constructor(private readonly path: string) {}

  async read(): Promise<StoreContents | null> {
    return readStoreFile(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
  }

  async write(contents: StoreContents): Promise<void> {
    await writeFileAtomic(this.path, storeFileLines(contents));
  }
}
