/**
 * "Did you mean": the closest known spelling of a word the index does not know, by edit distance
 * (Levenshtein: one letter added, removed or changed) over the normalised vocabulary, the index's
 * terms and the words of entity names.
 */

import type { EntityNames } from "./entity-names.js";
import { tokenize } from "./normalize.js";
import { STOPWORDS } from "./stopwords.js";

/** Short words are close to too many others: one edit for up to four letters, two beyond. */
const maxDistance = (word: string) => (word.length <= 4 ? 1 : 2);

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const change = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(change, previous[j]! + 1, current[j - 1]! + 1);
      rowBest = Math.min(rowBest, current[j]!);
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Known words by length, each with how many stories it finds, to rank equally close ones. */
export class Vocabulary {
  private readonly byLength = new Map<number, { word: string; stories: number }[]>();

  constructor(words: Iterable<{ word: string; stories: number }>) {
    for (const entry of words) {
      const list = this.byLength.get(entry.word.length) ?? [];
      list.push(entry);
      this.byLength.set(entry.word.length, list);
    }
  }

  /**
   * The known word closest to `word` within its edit limit (ties: the one finding more stories,
   * then code-point order), or undefined.
   */
  closest(word: string): string | undefined {
    const limit = maxDistance(word);
    let best: { word: string; stories: number; distance: number } | undefined;
    for (let length = word.length - limit; length <= word.length + limit; length++) {
      for (const entry of this.byLength.get(length) ?? []) {
        const distance = editDistance(word, entry.word, best?.distance ?? limit);
        if (distance > limit || (best && !isBetter({ ...entry, distance }, best))) continue;
        best = { ...entry, distance };
      }
    }
    return best?.word;
  }
}

const isBetter = (
  a: { word: string; stories: number; distance: number },
  b: { word: string; stories: number; distance: number },
) =>
  a.distance < b.distance ||
  (a.distance === b.distance &&
    (a.stories > b.stories || (a.stories === b.stories && a.word < b.word)));

/**
 * The query with each word the index does not know (not `isIndexed`, not a stop-word, and not
 * part of a name `names` finds) replaced by the closest known word; undefined when no word was
 * replaced. Whether the new query finds anything is the caller's to check.
 */
export function replaceUnknownWords(
  text: string,
  names: EntityNames,
  isIndexed: (word: string) => boolean,
  vocabulary: () => Vocabulary,
): string | undefined {
  const tokens = tokenize(text);
  const named = new Set(
    names
      .find(tokens.map((token) => token.text))
      .flatMap(({ start, length }) => Array.from({ length }, (_, k) => start + k)),
  );
  let replaced = text;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const { text: word, start, end } = tokens[i]!;
    if (named.has(i) || STOPWORDS.has(word) || isIndexed(word)) continue;
    const closest = vocabulary().closest(word);
    if (closest) replaced = replaced.slice(0, start) + closest + replaced.slice(end);
  }
  return replaced === text ? undefined : replaced;
}
