import { words } from "./normalize.js";
import { STOPWORDS } from "./stopwords.js";

/**
 * What a reader typed into the search box, split into loose words and quoted phrases. Any
 * input parses: stray quotes are read as plain text, control characters as spaces.
 */

/** Longer input is not a search but a paste or an attack; it is refused before any work. */
export const MAX_QUERY_LENGTH = 500;
/** Words beyond this add nothing to ranking and only cost postings. */
export const MAX_QUERY_WORDS = 32;

export interface ParsedQuery {
  /** Text outside quotes. */
  loose: string;
  /** Text of each balanced quoted phrase. */
  phrases: string[];
}

/** Straight, Arabic and typographic double quotes, each with its closing partner. */
const QUOTED = /"([^"]*)"|«([^»]*)»|“([^”]*)”/g;
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069]/g;

/** Why a query cannot be searched, or undefined when it can. */
export function queryProblem(input: string): string | undefined {
  if (!input.trim()) return "The search query is empty.";
  if (input.length > MAX_QUERY_LENGTH) {
    return `The search query has ${input.length} characters; at most ${MAX_QUERY_LENGTH} are searched.`;
  }
  return undefined;
}

export function parseQuery(input: string): ParsedQuery {
  const text = input.replace(CONTROL, " ");
  const phrases: string[] = [];
  const loose = text.replace(QUOTED, (_match, ...groups: (string | undefined)[]) => {
    const phrase = groups.slice(0, 3).find((g) => g !== undefined) ?? "";
    if (phrase.trim()) phrases.push(phrase);
    return " ";
  });
  return { loose: loose.replace(/["«»“”]/g, " "), phrases };
}

/** A query as index terms: loose words (stop-words dropped) and phrases (kept), both stemmed. */
export interface QueryTerms {
  /** Every distinct term, loose words first, at most MAX_QUERY_WORDS. */
  terms: string[];
  loose: string[];
  phrases: string[][];
}

/**
 * Analyses a query's words as the index analysed the articles'; undefined when nothing is left
 * to search, or a phrase has a word past the word limit (so it could never match).
 */
export function queryTerms(input: string, stem: (word: string) => string): QueryTerms | undefined {
  const analyse = (text: string, keepStopwords: boolean) =>
    words(text)
      .filter((word) => keepStopwords || !STOPWORDS.has(word))
      .map(stem);
  const parsed = parseQuery(input);
  const phrases = parsed.phrases.map((p) => analyse(p, true)).filter((p) => p.length > 0);
  const loose = [...new Set(analyse(parsed.loose, false))];
  const terms = [...new Set([...loose, ...phrases.flat()])].slice(0, MAX_QUERY_WORDS);
  const searchable = new Set(terms);
  if (terms.length === 0 || phrases.flat().some((term) => !searchable.has(term))) return undefined;
  return { terms, loose, phrases };
}
