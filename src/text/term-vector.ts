/**
 * An article's analysed words as a PostgreSQL tsvector, for a store that searches in SQL: the
 * same terms the in-memory index makes (normalised, names kept whole, light-stemmed), weighted
 * by field (headline A, summary B, body C).
 */
import type { ArticleRecord } from "../store/records.js";
import { fieldTexts } from "./article-fields.js";
import { words } from "./normalize.js";
import { light10 } from "./stem.js";

const FIELD_WEIGHTS = ["A", "B", "C"] as const;
/** Positions skipped between paragraphs and fields, so a phrase (adjacent positions) never spans two. */
const PARAGRAPH_GAP = 2;
/** tsvector positions stop here; words past it share the last position. */
const MAX_POSITION = 16_383;

/** A tsvector literal: each term quoted, its positions and weight. */
const lexeme = (term: string, positions: readonly string[]) =>
  `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}':${positions.join(",")}`;

/** The tsvector literal of an article's terms, stemmed by `stem`. */
export function termVector(article: ArticleRecord, stem: (word: string) => string): string {
  const positions = new Map<string, string[]>();
  let position = 1;
  for (const { field, text } of fieldTexts(article)) {
    for (const word of words(text)) {
      const term = stem(word);
      const list = positions.get(term) ?? [];
      // A position is written once per term; PostgreSQL keeps at most 256 per lexeme.
      if (list.length < 256)
        list.push(`${Math.min(position, MAX_POSITION)}${FIELD_WEIGHTS[field]}`);
      positions.set(term, list);
      position += 1;
    }
    position += PARAGRAPH_GAP;
  }
  return [...positions].map(([term, list]) => lexeme(term, [...new Set(list)])).join(" ");
}

/** The light10 stems of an article's words: the vocabulary a query's proclitic may be stripped towards. */
export const articleStems = (article: ArticleRecord): string[] => [
  ...new Set(fieldTexts(article).flatMap(({ text }) => words(text).map(light10))),
];
