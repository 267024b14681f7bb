/**
 * The full-text index over articles: an inverted index from analysed terms to the articles and
 * positions they occur at, ranked with BM25F. Built from a store's articles; a query reads only
 * the postings of its own terms.
 */
import type { ArticleRecord } from "../store/records.js";
import { compareArticleKeys, type ArticleFilter } from "../store/store.js";
import { firstNotBefore } from "../sorted.js";
import { tokenize, words, type Token } from "./normalize.js";
import { MAX_QUERY_WORDS, parseQuery } from "./search-query.js";
import { light10, Stemmer } from "./stem.js";
import { STOPWORDS } from "./stopwords.js";

export type SearchField = "HEADLINE" | "SUMMARY" | "BODY";
const FIELDS: readonly SearchField[] = ["HEADLINE", "SUMMARY", "BODY"];

/** How much a match in each field counts: a headline names what the story is about. */
const FIELD_WEIGHTS = [3, 1.5, 1];
/** BM25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** Recency breaks near-ties only: at most +5%, halving every 30 days before the newest story. */
const RECENCY_WEIGHT = 0.05;
const RECENCY_HALF_LIFE_DAYS = 30;
/** Two query words side by side lift a story by this much; further apart, less. */
const PROXIMITY_WEIGHT = 0.3;
/** Positions of one paragraph; paragraphs are spaced so a phrase never spans two. */
const PARAGRAPH_SPAN = 10_000;
const FIELD_SPAN = PARAGRAPH_SPAN * 10_000;
/** Characters of context a snippet keeps around its first match. */
const SNIPPET_CHARS = 160;

/** One piece of a field's text; matched words are their own segments, so a frontend can mark them. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface Highlight {
  field: SearchField;
  /** Index into Article.body for BODY highlights, else 0. */
  paragraph: number;
  /** True when text was cut before or after the segments. */
  truncatedStart: boolean;
  truncatedEnd: boolean;
  segments: HighlightSegment[];
}

export interface SearchHit {
  article: ArticleRecord;
  score: number;
  highlights: Highlight[];
}

export interface SearchRequest {
  text: string;
  filter: ArticleFilter;
  offset: number;
  limit: number;
}

export interface SearchResult {
  hits: SearchHit[];
  totalCount: number;
}

/**
 * Where one term occurs, article by article, in flat arrays (a posting per article would be an
 * object each: at 100k articles that is millions of them). For the i-th article in `docs`:
 * its term frequency per field is tfs[3i … 3i+2], its positions positions[starts[i] … starts[i+1]).
 */
interface PostingList {
  docs: number[];
  tfs: number[];
  starts: number[];
  positions: number[];
}

/** A text of an article the index reads, and where it sits. */
interface FieldText {
  field: number;
  paragraph: number;
  text: string;
}

/** Headline, summary and the body past the lede (which is the summary, so it counts once). */
function fieldTexts(article: ArticleRecord): FieldText[] {
  const bodyStart = article.body[0] === article.summary ? 1 : 0;
  return [
    { field: 0, paragraph: 0, text: article.headline },
    { field: 1, paragraph: 0, text: article.summary },
    ...article.body
      .slice(bodyStart)
      .map((text, i) => ({ field: 2, paragraph: bodyStart + i, text })),
  ];
}

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

export class SearchIndex {
  private readonly articles: ArticleRecord[];
  private readonly stemmer: Stemmer;
  private readonly termIds = new Map<string, number>();
  private readonly postings: PostingList[] = [];
  private readonly fieldLengths: Float64Array;
  private readonly averageLengths = [0, 0, 0];
  /** Each article's recency factor, against the newest stored article. */
  private readonly recency: Float64Array;
  /**
   * Scratch space of one search, one slot per article, left zeroed after each: a search runs
   * start to end without yielding, so searches never share it.
   */
  private readonly scores: Float64Array;
  private readonly masks: Int32Array;

  /** `names`: the taxonomy's names and aliases, which stemming keeps whole. */
  constructor(articles: readonly ArticleRecord[], names: Iterable<string>) {
    this.articles = [...articles];
    // First pass: every article's words as ids, so the second pass stems each distinct word once.
    const wordIds = new Map<string, number>();
    const idOf = (word: string) => {
      let id = wordIds.get(word);
      if (id === undefined) wordIds.set(word, (id = wordIds.size));
      return id;
    };
    const texts = this.articles.map((article) =>
      fieldTexts(article).map(({ field, paragraph, text }) => ({
        field,
        paragraph,
        words: Int32Array.from(words(text), idOf),
      })),
    );
    const distinct = [...wordIds.keys()];
    this.stemmer = new Stemmer(names, new Set(distinct.map(light10)));
    const termOfWord = Int32Array.from(distinct, (word) => this.termId(this.stemmer.stem(word)));
    this.fieldLengths = new Float64Array(this.articles.length * 3);
    texts.forEach((fields, doc) => this.add(doc, fields, termOfWord));
    for (let f = 0; f < 3; f++) {
      let total = 0;
      for (let doc = 0; doc < this.articles.length; doc++) total += this.fieldLengths[doc * 3 + f]!;
      this.averageLengths[f] = total / Math.max(1, this.articles.length) || 1;
    }
    const newest = this.articles.reduce(
      (max, a) => (a.publishedAt > max ? a.publishedAt : max),
      "",
    );
    this.recency = Float64Array.from(
      this.articles,
      (a) =>
        1 +
        RECENCY_WEIGHT * 0.5 ** (Math.max(0, days(a.publishedAt, newest)) / RECENCY_HALF_LIFE_DAYS),
    );
    this.scores = new Float64Array(this.articles.length);
    this.masks = new Int32Array(this.articles.length);
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      this.termIds.set(term, (id = this.postings.length));
      this.postings.push({ docs: [], tfs: [], starts: [], positions: [] });
    }
    return id;
  }

  private add(
    doc: number,
    fields: { field: number; paragraph: number; words: Int32Array }[],
    termOfWord: Int32Array,
  ): void {
    const occurrences = new Map<number, number[]>();
    for (const { field, paragraph, words } of fields) {
      this.fieldLengths[doc * 3 + field]! += words.length;
      const base = field * FIELD_SPAN + paragraph * PARAGRAPH_SPAN;
      words.forEach((word, i) => {
        const term = termOfWord[word]!;
        const positions = occurrences.get(term);
        const position = base + Math.min(i, PARAGRAPH_SPAN - 1);
        if (positions) positions.push(position);
        else occurrences.set(term, [position]);
      });
    }
    for (const [term, positions] of occurrences) {
      const list = this.postings[term]!;
      list.docs.push(doc);
      list.tfs.push(0, 0, 0);
      const at = list.tfs.length - 3;
      for (const position of positions) list.tfs[at + Math.floor(position / FIELD_SPAN)]! += 1;
      list.starts.push(list.positions.length);
      for (const position of positions) list.positions.push(position);
    }
  }

  /** Analyses a query's words as the index analysed the articles'. */
  private terms(text: string, keepStopwords: boolean): string[] {
    return words(text)
      .filter((word) => keepStopwords || !STOPWORDS.has(word))
      .map((word) => this.stemmer.stem(word));
  }

  search({ text, filter, offset, limit }: SearchRequest): SearchResult {
    const parsed = parseQuery(text);
    const phrases = parsed.phrases.map((p) => this.terms(p, true)).filter((p) => p.length > 0);
    const loose = [...new Set(this.terms(parsed.loose, false))];
    const terms = [...new Set([...loose, ...phrases.flat()])].slice(0, MAX_QUERY_WORDS);
    if (terms.length === 0) return { hits: [], totalCount: 0 };

    const matches = this.score(terms, loose, phrases, filter);
    const best = topK(matches, this.scores, offset + limit, (a, b) =>
      compareArticleKeys(this.articles[b]!, this.articles[a]!),
    );
    const queryTerms = new Set(terms);
    const hits = best.slice(offset).map(([doc, score]) => ({
      article: this.articles[doc]!,
      score: Math.round(score * 10_000) / 10_000,
      highlights: this.highlight(this.articles[doc]!, queryTerms),
    }));
    for (const doc of matches) this.scores[doc] = 0;
    return { hits, totalCount: matches.length };
  }

  /**
   * Scores every article that holds a query term (and every phrase), reading only the postings
   * of the query's terms. Returns the matching articles; their scores are in `this.scores`.
   */
  private score(terms: string[], loose: string[], phrases: string[][], filter: ArticleFilter) {
    const { scores, masks } = this;
    const lists = terms.map((term) => this.postings[this.termIds.get(term) ?? -1]);
    const listOf = (term: string) => lists[terms.indexOf(term)];
    const unfiltered = Object.values(filter).every((value) => value === undefined);
    const n = this.articles.length;
    const matched: number[] = [];
    lists.forEach((list, t) => {
      if (!list) return;
      const idf = Math.log(1 + (n - list.docs.length + 0.5) / (list.docs.length + 0.5));
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        if (!unfiltered && !matchesFilter(this.articles[doc]!, filter)) continue;
        if (masks[doc] === 0) matched.push(doc);
        masks[doc]! |= 1 << t;
        const tf = this.weightedFrequency(doc, list.tfs, i * 3);
        scores[doc]! += (idf * tf * (K1 + 1)) / (K1 + tf);
      }
    });
    const kept = matched.filter((doc) => {
      const found = (term: string) => occurrences(listOf(term), doc);
      const ok = phrases.every((phrase) => containsPhrase(phrase.map(found)));
      const termsFound = popCount(masks[doc]!);
      const near = ok && termsFound > 1 ? proximity(loose.map(found)) : 1;
      scores[doc] = ok ? scores[doc]! * (termsFound / terms.length) * near * this.recency[doc]! : 0;
      masks[doc] = 0;
      return ok;
    });
    return kept;
  }

  private weightedFrequency(doc: number, tfs: number[], at: number): number {
    let sum = 0;
    for (let f = 0; f < 3; f++) {
      const tf = tfs[at + f]!;
      if (tf === 0) continue;
      const length = this.fieldLengths[doc * 3 + f]! / this.averageLengths[f]!;
      sum += (FIELD_WEIGHTS[f]! * tf) / (1 - B + B * length);
    }
    return sum;
  }

  /** The fields a query matched, each cut to a snippet around its first match. */
  private highlight(article: ArticleRecord, terms: ReadonlySet<string>): Highlight[] {
    const highlights: Highlight[] = [];
    let bestBody: Highlight | undefined;
    let bestBodyMatches = 0;
    for (const { field, paragraph, text } of fieldTexts(article)) {
      const tokens = tokenize(text).filter((t) => terms.has(this.stemmer.stem(t.text)));
      if (tokens.length === 0) continue;
      const highlight = { field: FIELDS[field]!, paragraph, ...snippet(text, tokens) };
      if (field < 2) highlights.push(highlight);
      else if (tokens.length > bestBodyMatches)
        [bestBody, bestBodyMatches] = [highlight, tokens.length];
    }
    return bestBody ? [...highlights, bestBody] : highlights;
  }
}

/**
 * The best `k` of the scored articles, best first (ties by `tieBreak`), without sorting them
 * all: a page of a common word's results costs its k, not all its matches.
 */
function topK(
  docs: readonly number[],
  scores: Float64Array,
  k: number,
  tieBreak: (a: number, b: number) => number,
): [number, number][] {
  const better = ([a, sa]: [number, number], [b, sb]: [number, number]) =>
    sb - sa || tieBreak(a, b);
  const best: [number, number][] = [];
  if (k <= 0) return best;
  for (const doc of docs) {
    const entry: [number, number] = [doc, scores[doc]!];
    if (best.length === k && better(entry, best[k - 1]!) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && better(entry, best[at - 1]!) < 0) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = entry;
  }
  return best;
}

/** An article's positions in a posting list, as a view: [start, end) of list.positions. */
interface Occurrences {
  positions: number[];
  start: number;
  end: number;
}

/** Where `doc` sits in a posting list (its docs ascend), by binary search; empty if absent. */
function occurrences(list: PostingList | undefined, doc: number): Occurrences {
  if (!list) return { positions: [], start: 0, end: 0 };
  const at = firstNotBefore(0, list.docs.length, (i) => list.docs[i]! < doc);
  if (list.docs[at] !== doc) return { positions: [], start: 0, end: 0 };
  return {
    positions: list.positions,
    start: list.starts[at]!,
    end: list.starts[at + 1] ?? list.positions.length,
  };
}

const has = ({ positions, start, end }: Occurrences, position: number): boolean => {
  const at = firstNotBefore(start, end, (i) => positions[i]! < position);
  return at < end && positions[at] === position;
};

function containsPhrase([first, ...rest]: Occurrences[]): boolean {
  if (!first) return true;
  for (let p = first.start; p < first.end; p++) {
    const at = first.positions[p]!;
    if (rest.every((next, k) => has(next, at + k + 1))) return true;
  }
  return false;
}

/** 1 + PROXIMITY_WEIGHT / gap for the closest two different query words in one paragraph. */
function proximity(lists: Occurrences[]): number {
  let gap = Infinity;
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) gap = Math.min(gap, closest(lists[i]!, lists[j]!));
  }
  return gap < PARAGRAPH_SPAN ? 1 + PROXIMITY_WEIGHT / gap : 1;
}

const popCount = (mask: number): number => {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
};

function matchesFilter(article: ArticleRecord, filter: ArticleFilter): boolean {
  return (
    (filter.topicId === undefined || article.topics.some((m) => m.id === filter.topicId)) &&
    (filter.personId === undefined || article.people.some((m) => m.id === filter.personId)) &&
    (filter.publishedAfter === undefined || article.publishedAt >= filter.publishedAfter) &&
    (filter.publishedBefore === undefined || article.publishedAt < filter.publishedBefore)
  );
}

/** Smallest distance between two ascending position lists, in one pass. */
function closest(a: Occurrences, b: Occurrences): number {
  let best = Infinity;
  for (let i = a.start, j = b.start; i < a.end && j < b.end;) {
    const x = a.positions[i]!;
    const y = b.positions[j]!;
    best = Math.min(best, Math.abs(x - y));
    if (x < y) i++;
    else j++;
  }
  return best;
}

/** The text around its first matches, split into plain and matched segments. */
function snippet(text: string, matches: Token[]) {
  const first = matches[0]!;
  let start = Math.max(0, first.start - SNIPPET_CHARS / 4);
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  // Cut at spaces so no word is split.
  if (start > 0) start = text.indexOf(" ", start) + 1 || first.start;
  if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), first.end);
  const segments: HighlightSegment[] = [];
  let at = start;
  for (const token of matches) {
    if (token.start < at || token.end > end) continue;
    if (token.start > at) segments.push({ text: text.slice(at, token.start), match: false });
    segments.push({ text: text.slice(token.start, token.end), match: true });
    at = token.end;
  }
  if (at < end) segments.push({ text: text.slice(at, end), match: false });
  return { truncatedStart: start > 0, truncatedEnd: end < text.length, segments };
}
