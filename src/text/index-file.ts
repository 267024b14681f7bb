/**
 * The search index saved beside the store, so a server start loads it instead of building it.
 * The file is trusted only when it checks out: its own checksum (a torn or corrupted file), the
 * analysis version it was built under (rules changed since), and a fingerprint of the very
 * content it was built from (a stale one); otherwise it is rebuilt.
 *
 * Layout: "NEWSIDX" + format byte, SHA-256 of everything after it, a 4-byte header length, the
 * JSON header (analysis version, fingerprint, terms, stems, array shapes), then each typed array's bytes, every
 * part starting at a multiple of 8 so arrays are read as views of the file, not copied.
 */
import { createHash, randomUUID, type Hash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../durable-file.js";
import type { ArticleRecord } from "../store/records.js";
import { ANALYSIS_VERSION } from "./analysis-version.js";
import type { IndexArrays } from "./index-build.js";
import type { TimeSlicer } from "./time-slice.js";

const MAGIC = Buffer.from("NEWSIDX\u0002", "latin1");
const CHECKSUM_BYTES = 32;
const HEADER_AT = MAGIC.length + CHECKSUM_BYTES;
/** Hashing runs in pieces of this many bytes, each a few ms, between pauses. */
const HASH_PIECE = 4 * 2 ** 20;

/** The typed arrays of the index, in file order, each with its type. */
const ARRAY_TYPES = {
  order: Int32Array,
  fieldLengths: Uint32Array,
  termStarts: Int32Array,
  docs: Int32Array,
  positionStarts: Int32Array,
  positions: Int32Array,
  byImpact: Int32Array,
} as const;
type ArrayName = keyof typeof ARRAY_TYPES;
const ARRAY_NAMES = Object.keys(ARRAY_TYPES) as ArrayName[];

interface Header {
  /** ANALYSIS_VERSION when the file was written. */
  analysisVersion: number;
  fingerprint: string;
  terms: string[];
  stems: string[];
  /** Each array's length, in ARRAY_NAMES order. */
  lengths: number[];
}

/**
 * What the index is built from: every article's indexed text and date, and the names stemming
 * keeps whole. Any change to them gives another fingerprint.
 */
export async function fingerprint(
  articles: readonly ArticleRecord[],
  names: readonly string[],
  slicer: TimeSlicer,
): Promise<string> {
  const hash = createHash("sha256").update(MAGIC).update(names.join("\u0000"));
  for (const { id, publishedAt, headline, summary, body } of articles) {
    hash.update(["\u0001", id, publishedAt, headline, summary, ...body].join("\u0000"));
    await slicer.pause();
  }
  return hash.digest("hex");
}

const padding = (length: number) => Buffer.alloc((8 - (length % 8)) % 8);

const bytesOf = (array: Int32Array | Uint32Array) =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength);

async function hashPieces(hash: Hash, parts: readonly Uint8Array[], slicer: TimeSlicer) {
  for (const part of parts) {
    for (let at = 0; at < part.length; at += HASH_PIECE) {
      hash.update(part.subarray(at, at + HASH_PIECE));
      await slicer.pause();
    }
  }
  return hash.digest();
}

/** Writes the index to `path` atomically: a flushed temporary file renamed over the old one. */
export async function writeIndexFile(
  path: string,
  print: string,
  arrays: IndexArrays,
  slicer: TimeSlicer,
): Promise<void> {
  const header: Header = {
    analysisVersion: ANALYSIS_VERSION,
    fingerprint: print,
    terms: arrays.terms,
    stems: arrays.stems,
    lengths: ARRAY_NAMES.map((name) => arrays[name].length),
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const body: Uint8Array[] = [length, json, padding(HEADER_AT + 4 + json.length)];
  for (const name of ARRAY_NAMES)
    body.push(bytesOf(arrays[name]), padding(arrays[name].byteLength));
  const checksum = await hashPieces(createHash("sha256"), body, slicer);
  // Two writers may run at once (two processes, or two versions of the data in one): each has its
  // own temporary file and the last rename wins.
  await writeFileAtomic(path, [MAGIC, checksum, ...body], `${path}.${randomUUID()}.tmp`);
}

export async function readIndexFile(
  path: string,
  print: Promise<string>,
  slicer: TimeSlicer,
): Promise<IndexArrays | undefined> {
  const file = await readFile(path).catch(() => undefined);
  if (!file || file.length < HEADER_AT + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    return undefined;
  }
  // Typed-array views need aligned offsets; a small file may sit unaligned in a shared pool.
  const bytes = file.byteOffset % 8 === 0 ? file : Buffer.from(new Uint8Array(file));
  const checksum = await hashPieces(createHash("sha256"), [bytes.subarray(HEADER_AT)], slicer);
  if (!checksum.equals(bytes.subarray(MAGIC.length, HEADER_AT))) return undefined;
  try {
    const jsonLength = bytes.readUInt32LE(HEADER_AT);
    const header = JSON.parse(
      bytes.toString("utf8", HEADER_AT + 4, HEADER_AT + 4 + jsonLength),
    ) as Header;
    if (header.analysisVersion !== ANALYSIS_VERSION) return undefined;
    if (header.fingerprint !== (await print)) return undefined;
    return viewArrays(bytes, HEADER_AT + 4 + jsonLength, header);
  } catch {
    // A header that does not parse, or arrays past the end: written by something else.
    return undefined;
  }
}

/**
 * The arrays as views of the file's bytes from `at` on, as the header gives their lengths;
 * undefined unless they fill the file exactly.
 */
function viewArrays(
  bytes: Buffer,
  at: number,
  { terms, stems, lengths }: Header,
): IndexArrays | undefined {
  if (lengths.length !== ARRAY_NAMES.length) return undefined;
  const views = ARRAY_NAMES.map((name, i) => {
    at += padding(at).length;
    const view = new ARRAY_TYPES[name](
      bytes.buffer as ArrayBuffer,
      bytes.byteOffset + at,
      lengths[i],
    );
    at += view.byteLength;
    return [name, view] as const;
  });
  if (at + padding(at).length !== bytes.length) return undefined;
  return { terms, stems, ...(Object.fromEntries(views) as Pick<IndexArrays, ArrayName>) };
}
