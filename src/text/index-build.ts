/**
 * Builds the search index's arrays from a store's articles, in time slices (time-slice.ts): at
 * 100k articles that is tens of seconds of work that must not stall the server.
 *
 * Everything is in a few typed arrays, not objects per term or per posting, so the index of 100k
 * articles is a few hundred MB outside the JS heap and can be written to a file and mapped back.
 */
import type { ArticleRecord } from "../store/records.js";
import { compareArticleKeys } from "../store/store.js";
import { fieldTexts, positionOf } from "./article-fields.js";
import { Bm25f } from "./bm25f.js";
import { words } from "./normalize.js";
import { light10, Stemmer } from "./stem.js";
import { sortInSlices, type TimeSlicer } from "./time-slice.js";

/**
 * The whole index. Stories are numbered newest first (`order` maps a number back to the store's
 * article), which is also how equal scores rank. Term t's postings are [termStarts[t],
 * termStarts[t+1]) of `docs` (ascending story numbers); posting p's positions are
 * positions[positionStarts[p] … positionStarts[p+1]) (ascending). `byImpact` lists each term's
 * postings again, by how much they add to a score (recency included), highest first.
 */
export interface IndexArrays {
  order: Int32Array;
  /** The terms, by id. */
  terms: string[];
  /** The light10 stems of every word the articles use: what the query stemmer may strip towards. */
  stems: string[];
  fieldLengths: Uint32Array;
  termStarts: Int32Array;
  docs: Int32Array;
  positionStarts: Int32Array;
  positions: Int32Array;
  byImpact: Int32Array;
}

/**
 * Integers appended one by one, in fixed-size chunks: growing never copies what is there, which
 * at 100k articles would be one blocking copy of 100 MB.
 */
class IntList {
  private static readonly CHUNK_BITS = 20;
  private readonly chunks: Int32Array[] = [];
  length = 0;

  push(value: number): void {
    const offset = this.length & ((1 << IntList.CHUNK_BITS) - 1);
    if (offset === 0) this.chunks.push(new Int32Array(1 << IntList.CHUNK_BITS));
    this.chunks[this.chunks.length - 1]![offset] = value;
    this.length++;
  }

  at(index: number): number {
    return this.chunks[index >>> IntList.CHUNK_BITS]![index & ((1 << IntList.CHUNK_BITS) - 1)]!;
  }
}

/** Story numbers, newest first: index i is data.articles[order[i]]. */
function newestFirst(articles: readonly ArticleRecord[], slicer: TimeSlicer): Promise<Int32Array> {
  const order = Int32Array.from(articles.keys());
  return sortInSlices(order, (a, b) => compareArticleKeys(articles[b]!, articles[a]!), slicer);
}

/** Every word of every story as an id of its spelling, with its position and field lengths. */
async function readWords(stories: readonly ArticleRecord[], slicer: TimeSlicer) {
  const spellings = new Map<string, number>();
  const wordIds = new IntList();
  const wordPositions = new IntList();
  const wordStarts = new Int32Array(stories.length + 1);
  const fieldLengths = new Uint32Array(stories.length * 3);
  for (let doc = 0; doc < stories.length; doc++) {
    for (const { field, paragraph, text } of fieldTexts(stories[doc]!)) {
      const found = words(text);
      fieldLengths[doc * 3 + field]! += found.length;
      found.forEach((word, i) => {
        let id = spellings.get(word);
        if (id === undefined) spellings.set(word, (id = spellings.size));
        wordIds.push(id);
        wordPositions.push(positionOf(field, paragraph, i));
      });
    }
    wordStarts[doc + 1] = wordIds.length;
    await slicer.pause();
  }
  return { spellings: [...spellings.keys()], wordIds, wordPositions, wordStarts, fieldLengths };
}

/** `names`: the taxonomy's names and aliases, which stemming keeps whole. */
export async function buildIndexArrays(
  articles: readonly ArticleRecord[],
  names: readonly string[],
  slicer: TimeSlicer,
): Promise<IndexArrays> {
  const order = await newestFirst(articles, slicer);
  const stories = Array.from(order, (i) => articles[i]!);
  const read = await readWords(stories, slicer);
  const { stems, terms, termOfWord } = await analyse(read.spellings, names, slicer);
  const postings = await invert(read, termOfWord, terms.length, slicer);
  const bm25f = new Bm25f(
    read.fieldLengths,
    stories.map((story) => story.publishedAt),
  );
  const byImpact = await orderByImpact(postings, bm25f, slicer);
  return {
    order,
    terms,
    stems,
    fieldLengths: read.fieldLengths,
    ...postings,
    byImpact,
  };
}

/** The term of each spelling, as a query's words will be stemmed: over the corpus's stems. */
async function analyse(spellings: readonly string[], names: readonly string[], slicer: TimeSlicer) {
  const stems = new Set<string>();
  for (const spelling of spellings) {
    stems.add(light10(spelling));
    await slicer.pause();
  }
  const stemmer = new Stemmer(names, stems);
  const termIds = new Map<string, number>();
  const termOfWord = new Int32Array(spellings.length);
  for (const [i, spelling] of spellings.entries()) {
    const term = stemmer.stem(spelling);
    let id = termIds.get(term);
    if (id === undefined) termIds.set(term, (id = termIds.size));
    termOfWord[i] = id;
    await slicer.pause();
  }
  return { stems: [...stems], terms: [...termIds.keys()], termOfWord };
}

type Postings = Pick<IndexArrays, "termStarts" | "docs" | "positionStarts" | "positions">;

/**
 * Turns stories' words into postings, in two passes over them: one counts each term's stories and
 * occurrences, the other writes them straight to their final place.
 */
async function invert(
  read: Awaited<ReturnType<typeof readWords>>,
  termOfWord: Int32Array,
  termCount: number,
  slicer: TimeSlicer,
): Promise<Postings> {
  const { wordIds, wordPositions, wordStarts } = read;
  const stories = wordStarts.length - 1;
  const lastDoc = new Int32Array(termCount).fill(-1);
  const postingCounts = new Int32Array(termCount);
  const occurrenceCounts = new Int32Array(termCount);
  for (let doc = 0; doc < stories; doc++) {
    for (let w = wordStarts[doc]!; w < wordStarts[doc + 1]!; w++) {
      const term = termOfWord[wordIds.at(w)]!;
      occurrenceCounts[term]! += 1;
      if (lastDoc[term] === doc) continue;
      lastDoc[term] = doc;
      postingCounts[term]! += 1;
    }
    await slicer.pause();
  }
  const termStarts = prefixSums(postingCounts);
  const nextPosting = termStarts.slice(0, termCount);
  const nextPosition = prefixSums(occurrenceCounts).subarray(0, termCount);
  const docs = new Int32Array(termStarts[termCount]!);
  const positionStarts = new Int32Array(docs.length + 1);
  const positions = new Int32Array(wordIds.length);
  positionStarts[docs.length] = positions.length;
  lastDoc.fill(-1);
  for (let doc = 0; doc < stories; doc++) {
    for (let w = wordStarts[doc]!; w < wordStarts[doc + 1]!; w++) {
      const term = termOfWord[wordIds.at(w)]!;
      if (lastDoc[term] !== doc) {
        lastDoc[term] = doc;
        const posting = nextPosting[term]!++;
        docs[posting] = doc;
        positionStarts[posting] = nextPosition[term]!;
      }
      positions[nextPosition[term]!++] = wordPositions.at(w);
    }
    await slicer.pause();
  }
  return { termStarts, docs, positionStarts, positions };
}

/** [0, c0, c0+c1, …]: where each count's run starts, and the total last. */
function prefixSums(counts: Int32Array): Int32Array {
  const sums = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) sums[i + 1] = sums[i]! + counts[i]!;
  return sums;
}

/**
 * How far the impact order may be from exact, relatively: a posting further down a term's list
 * may have an impact up to this fraction above one before it (see impactKeys). Searches widen
 * their bounds by it.
 */
export const IMPACT_ORDER_ERROR = 2 ** -20;

/** Which 32-bit half of a float64 holds its low mantissa bits on this machine. */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * Each term's postings by their share of a score times recency, highest first (ties: newest),
 * sorted natively on packed keys: a comparator made the largest terms block the event loop for
 * most of a second each at 100k articles.
 */
async function orderByImpact(postings: Postings, bm25f: Bm25f, slicer: TimeSlicer) {
  const { termStarts, docs, positionStarts, positions } = postings;
  const byImpact = new Int32Array(docs.length);
  let longest = 0;
  for (let term = 0; term + 1 < termStarts.length; term++) {
    longest = Math.max(longest, termStarts[term + 1]! - termStarts[term]!);
  }
  const keys = new Float64Array(longest);
  const words = new Uint32Array(keys.buffer);
  for (let term = 0; term + 1 < termStarts.length; term++) {
    const start = termStarts[term]!;
    const count = termStarts[term + 1]! - start;
    const idf = bm25f.idf(count);
    for (let i = 0; i < count; i++) {
      const p = start + i;
      keys[i] = -bm25f.impact(idf, docs[p]!, positions, positionStarts[p]!, positionStarts[p + 1]!);
      words[2 * i + LOW_WORD] = 0xffffffff - i;
    }
    // Ascending: the most negative key, the highest impact, first; within the impact's top 20
    // mantissa bits, the larger low word, the earlier posting, first.
    keys.subarray(0, count).sort();
    for (let i = 0; i < count; i++) {
      byImpact[start + i] = start + 0xffffffff - words[2 * i + LOW_WORD]!;
    }
    await slicer.pause();
  }
  return byImpact;
}
