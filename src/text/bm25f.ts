/**
 * The relevance formula: BM25F over headline, summary and body, times recency. The parts that
 * depend only on the index (a term's share of a story's score, the story's recency) are here,
 * so the index builder orders postings by exactly the numbers a search computes.
 */
import { fieldOf } from "./article-fields.js";

/** How much a match in each field counts: a headline names what the story is about. */
const FIELD_WEIGHTS = [3, 1.5, 1];
/** BM25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** Recency breaks near-ties only: at most +5%, halving every 30 days before the newest story. */
const RECENCY_WEIGHT = 0.05;
const RECENCY_HALF_LIFE_DAYS = 30;

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

export class Bm25f {
  /** Each story's recency factor, against the newest one. */
  readonly recency: Float64Array;
  private readonly averageLengths = [0, 0, 0];
  private readonly tfs = new Float64Array(3);

  /** `fieldLengths`: words per field, three per story; `publishedAt`: per story, same order. */
  constructor(
    private readonly fieldLengths: Uint32Array,
    publishedAt: readonly string[],
  ) {
    const stories = publishedAt.length;
    for (let f = 0; f < 3; f++) {
      let total = 0;
      for (let doc = 0; doc < stories; doc++) total += fieldLengths[doc * 3 + f]!;
      this.averageLengths[f] = total / Math.max(1, stories) || 1;
    }
    const newest = publishedAt.reduce((max, at) => (at > max ? at : max), "");
    this.recency = Float64Array.from(
      publishedAt,
      (at) => 1 + RECENCY_WEIGHT * 0.5 ** (Math.max(0, days(at, newest)) / RECENCY_HALF_LIFE_DAYS),
    );
  }

  /** Inverse document frequency of a term found in `df` of the stories. */
  idf(df: number): number {
    const n = this.recency.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A term's share of a story's score, from the term's positions[start … end) in the story. */
  termScore(idf: number, doc: number, positions: Int32Array, start: number, end: number): number {
    const { tfs } = this;
    tfs.fill(0);
    for (let p = start; p < end; p++) tfs[fieldOf(positions[p]!)]! += 1;
    let tf = 0;
    for (let f = 0; f < 3; f++) {
      if (tfs[f] === 0) continue;
      const length = this.fieldLengths[doc * 3 + f]! / this.averageLengths[f]!;
      tf += (FIELD_WEIGHTS[f]! * tfs[f]!) / (1 - B + B * length);
    }
    return (idf * tf * (K1 + 1)) / (K1 + tf);
  }

  /**
   * What a story linked to a named entity (the store's mentions of it) adds to a score: its
   * mentions, plus a headline match's weight when the headline names it, saturated as a term's
   * frequency is. Without recency, as termScore.
   */
  linkScore(idf: number, inHeadline: boolean, mentions: number): number {
    const weight = (inHeadline ? FIELD_WEIGHTS[0]! : 0) + mentions;
    return (idf * weight * (K1 + 1)) / (K1 + weight);
  }

  /**
   * A term's share of a story's score times the story's recency: a story's final score is the
   * sum of these over its terms times coverage and proximity, so the index orders postings by it
   * and searches bound unread stories' scores with it.
   */
  impact(idf: number, doc: number, positions: Int32Array, start: number, end: number): number {
    return this.termScore(idf, doc, positions, start, end) * this.recency[doc]!;
  }
}
