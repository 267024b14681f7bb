/**
 * The full-text index over articles: an inverted index from analysed terms to the articles and
 * positions they occur at, ranked with BM25F. Built from a store's articles; a query reads only
 * the postings of its own terms.
 */
import type { ArticleRecord } from "../store/records.js";
import type { ArticleFilter } from "../store/store.js";
import { tokenize, type Token } from "./normalize.js";
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

/** The occurrences of one term in one article. */
interface Posting {
  doc: number;
  /** Term frequency per field. */
  tf: [number, number, number];
  /** Encoded field, paragraph and word position of each occurrence, ascending. */
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
  private readonly postings = new Map<string, Posting[]>();
  private readonly fieldLengths: Float64Array;
  private readonly averageLengths = [0, 0, 0];
  private readonly newest: string;

  /** `names`: the taxonomy's names and aliases, which stemming keeps whole. */
  constructor(articles: readonly ArticleRecord[], names: Iterable<string>) {
    this.articles = [...articles];
    const texts = this.articles.map(fieldTexts);
    const vocabulary = new Set<string>();
    for (const article of texts)
      for (const { text } of article)
        for (const t of tokenize(text)) vocabulary.add(light10(t.text));
    this.stemmer = new Stemmer(names, vocabulary);
    this.fieldLengths = new Float64Array(this.articles.length * 3);
    texts.forEach((article, doc) => this.add(doc, article));
    for (let f = 0; f < 3; f++) {
      let total = 0;
      for (let doc = 0; doc < this.articles.length; doc++) total += this.fieldLengths[doc * 3 + f]!;
      this.averageLengths[f] = total / Math.max(1, this.articles.length) || 1;
    }
    this.newest = this.articles.reduce((max, a) => (a.publishedAt > max ? a.publishedAt : max), "");
  }

  private add(doc: number, texts: FieldText[]): void {
    const byTerm = new Map<string, Posting>();
    for (const { field, paragraph, text } of texts) {
      const tokens = tokenize(text);
      this.fieldLengths[doc * 3 + field]! += tokens.length;
      tokens.forEach((token, i) => {
        const term = this.stemmer.stem(token.text);
        let posting = byTerm.get(term);
        if (!posting) byTerm.set(term, (posting = { doc, tf: [0, 0, 0], positions: [] }));
        posting.tf[field]! += 1;
        posting.positions.push(
          field * FIELD_SPAN + paragraph * PARAGRAPH_SPAN + Math.min(i, PARAGRAPH_SPAN - 1),
        );
      });
    }
    for (const [term, posting] of byTerm) {
      const list = this.postings.get(term);
      if (list) list.push(posting);
      else this.postings.set(term, [posting]);
    }
  }

  /** Analyses a query's words as the index analysed the articles'. */
  private terms(text: string, keepStopwords: boolean): string[] {
    return tokenize(text)
      .filter((token) => keepStopwords || !STOPWORDS.has(token.text))
      .map((token) => this.stemmer.stem(token.text));
  }

  search({ text, filter, offset, limit }: SearchRequest): SearchResult {
    const parsed = parseQuery(text);
    const phrases = parsed.phrases.map((p) => this.terms(p, true)).filter((p) => p.length > 0);
    const loose = [...new Set(this.terms(parsed.loose, false))];
    const terms = [...new Set([...loose, ...phrases.flat()])].slice(0, MAX_QUERY_WORDS);
    if (terms.length === 0) return { hits: [], totalCount: 0 };

    const matches = this.score(terms, loose, phrases, filter);
    const ranked = [...matches].sort(
      ([a, sa], [b, sb]) => sb - sa || compareNewestFirst(this.articles[a]!, this.articles[b]!),
    );
    const queryTerms = new Set(terms);
    const hits = ranked.slice(offset, offset + limit).map(([doc, score]) => ({
      article: this.articles[doc]!,
      score: Math.round(score * 10_000) / 10_000,
      highlights: this.highlight(this.articles[doc]!, queryTerms),
    }));
    return { hits, totalCount: ranked.length };
  }

  /** Scores every article that holds a query term (and every phrase), reading only their postings. */
  private score(terms: string[], loose: string[], phrases: string[][], filter: ArticleFilter) {
    const scores = new Map<number, number>();
    /** Per article, the positions of each query term it holds. */
    const found = new Map<number, Map<string, number[]>>();
    const n = this.articles.length;
    for (const term of terms) {
      const list = this.postings.get(term) ?? [];
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const posting of list) {
        if (!matchesFilter(this.articles[posting.doc]!, filter)) continue;
        const tf = this.weightedFrequency(posting);
        scores.set(posting.doc, (scores.get(posting.doc) ?? 0) + (idf * tf * (K1 + 1)) / (K1 + tf));
        let positions = found.get(posting.doc);
        if (!positions) found.set(posting.doc, (positions = new Map()));
        positions.set(term, posting.positions);
      }
    }
    for (const [doc, score] of scores) {
      const positions = found.get(doc)!;
      if (!phrases.every((phrase) => containsPhrase(positions, phrase))) {
        scores.delete(doc);
        continue;
      }
      const coverage = positions.size / terms.length;
      const ageDays = Math.max(0, days(this.articles[doc]!.publishedAt, this.newest));
      const recency = 1 + RECENCY_WEIGHT * 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
      scores.set(doc, score * coverage * proximity(positions, loose) * recency);
    }
    return scores;
  }

  private weightedFrequency({ doc, tf }: Posting): number {
    let sum = 0;
    for (let f = 0; f < 3; f++) {
      if (tf[f] === 0) continue;
      const length = this.fieldLengths[doc * 3 + f]! / this.averageLengths[f]!;
      sum += (FIELD_WEIGHTS[f]! * tf[f]!) / (1 - B + B * length);
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

function containsPhrase(positions: Map<string, number[]>, phrase: string[]): boolean {
  const [first, ...rest] = phrase.map((term) => positions.get(term) ?? []);
  return (first ?? []).some((start) => rest.every((list, i) => list.includes(start + i + 1)));
}

/** 1 + PROXIMITY_WEIGHT / gap for the closest two different query words in one paragraph. */
function proximity(positions: Map<string, number[]>, loose: string[]): number {
  const lists = loose.map((term) => positions.get(term)).filter((list) => list !== undefined);
  let gap = Infinity;
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) gap = Math.min(gap, closest(lists[i]!, lists[j]!));
  }
  return gap < PARAGRAPH_SPAN ? 1 + PROXIMITY_WEIGHT / gap : 1;
}

function matchesFilter(article: ArticleRecord, filter: ArticleFilter): boolean {
  return (
    (filter.topicId === undefined || article.topics.some((m) => m.id === filter.topicId)) &&
    (filter.personId === undefined || article.people.some((m) => m.id === filter.personId)) &&
    (filter.publishedAfter === undefined || article.publishedAt >= filter.publishedAfter) &&
    (filter.publishedBefore === undefined || article.publishedAt < filter.publishedBefore)
  );
}

const compareNewestFirst = (a: ArticleRecord, b: ArticleRecord) =>
  a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt < b.publishedAt ? 1 : -1;

/** Smallest distance between two ascending position lists, in one pass. */
function closest(a: number[], b: number[]): number {
  let best = Infinity;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    best = Math.min(best, Math.abs(a[i]! - b[j]!));
    if (a[i]! < b[j]!) i++;
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
