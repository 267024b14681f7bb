/** Snippets of the fields a search matched, with the matched words as their own segments. */
import type { ArticleRecord, Highlight, HighlightSegment } from "../store/records.js";
import { BODY, fieldTexts, FIELDS, type FieldText } from "./article-fields.js";
import { knownForm, tokenize, type Token } from "./normalize.js";

/** Characters of context a snippet keeps around its first match. */
const SNIPPET_CHARS = 160;

/** A field's snippet around its first word that `matches`; none if no word does. */
export function highlight(
  { field, paragraph, text }: FieldText,
  matches: (word: string) => boolean,
): Highlight | undefined {
  const tokens = tokenize(text).filter((token) => matches(token.text));
  if (tokens.length === 0) return undefined;
  return { field: FIELDS[field]!, paragraph, ...snippet(text, tokens) };
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

/**
 * An article's highlights from its text alone: the headline and summary if they match, and the
 * body paragraph with the most matching words (the first of equals).
 */
export function articleHighlights(
  article: ArticleRecord,
  matches: (word: string) => boolean,
): Highlight[] {
  const texts = fieldTexts(article);
  const matchCount = (text: FieldText) => tokenize(text.text).filter((t) => matches(t.text)).length;
  let best: FieldText | undefined;
  let bestCount = 0;
  for (const text of texts.filter(({ field }) => field === BODY)) {
    const count = matchCount(text);
    if (count > bestCount) [best, bestCount] = [text, count];
  }
  return texts
    .filter((text) => (text.field === BODY ? text === best : true))
    .flatMap((text) => highlight(text, matches) ?? []);
}

/**
 * Which words of an article a search matched: those that stem to one of its terms, and the words
 * of the names of the entities it named, written with a proclitic or not.
 */
export function matchedWords(
  terms: ReadonlySet<string>,
  stem: (word: string) => string,
  entityWords: ReadonlySet<string>,
): (word: string) => boolean {
  const isEntityWord = (word: string) => entityWords.has(word);
  return (word) => terms.has(stem(word)) || knownForm(word, isEntityWord) !== undefined;
}
