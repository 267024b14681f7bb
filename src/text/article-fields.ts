/**
 * The texts of an article that search reads, and how a word's place in them is written as one
 * number (a position), so a phrase or two nearby words are found by comparing integers.
 */
import type { ArticleRecord, SearchField } from "../store/records.js";

export const FIELDS: readonly SearchField[] = ["HEADLINE", "SUMMARY", "BODY"];
export const BODY = 2;

/** Positions of one paragraph; paragraphs are spaced so a phrase never spans two. */
export const PARAGRAPH_SPAN = 10_000;
/** Fields are spaced the same way; field 2's last paragraph still fits an Int32. */
const FIELD_SPAN = PARAGRAPH_SPAN * 10_000;

/** A text of an article the index reads, and where it sits. */
export interface FieldText {
  field: number;
  paragraph: number;
  text: string;
}

/** Headline, summary and the body past the lede (which is the summary, so it counts once). */
export function fieldTexts(article: ArticleRecord): FieldText[] {
  const bodyStart = article.body[0] === article.summary ? 1 : 0;
  return [
    { field: 0, paragraph: 0, text: article.headline },
    { field: 1, paragraph: 0, text: article.summary },
    ...article.body
      .slice(bodyStart)
      .map((text, i) => ({ field: BODY, paragraph: bodyStart + i, text })),
  ];
}

/** The position of the `word`-th word of a paragraph; words past the span share the last one. */
export const positionOf = (field: number, paragraph: number, word: number): number =>
  field * FIELD_SPAN + paragraph * PARAGRAPH_SPAN + Math.min(word, PARAGRAPH_SPAN - 1);

export const fieldOf = (position: number): number => Math.floor(position / FIELD_SPAN);

export const paragraphOf = (position: number): number =>
  Math.floor((position % FIELD_SPAN) / PARAGRAPH_SPAN);
