/**
 * Entity linking: finds the taxonomy's people and topics in an article's text by their names
 * and aliases, compared as normalised words.
 */

import type { MentionRecord } from "../store/records.js";
import { knownForm, tokenize } from "../text/normalize.js";
import type { Taxonomy } from "./taxonomy.js";

type EntityKind = "person" | "topic";

interface Term {
  words: string[];
  kind: EntityKind;
  id: string;
}

interface Match {
  start: number;
  length: number;
  term: Term;
}

export interface Mentions {
  people: MentionRecord[];
  topics: MentionRecord[];
}

export type Linker = (texts: readonly string[]) => Mentions;

const wordsOf = (name: string) => tokenize(name).map((token) => token.text);

/** Every name and alias as a word sequence, refusing one claimed by two entities. */
function termsOf(taxonomy: Taxonomy): Term[] {
  const owners = new Map<string, string>();
  const entries = [
    ...taxonomy.people.map((entry) => ({ entry, kind: "person" as const })),
    ...taxonomy.topics.map((entry) => ({ entry, kind: "topic" as const })),
  ];
  return entries.flatMap(({ entry, kind }) =>
    [entry.name, ...entry.aliases].flatMap((name) => {
      const words = wordsOf(name);
      const key = words.join(" ");
      const owner = `${kind} ${entry.id}`;
      if (words.length === 0 || owners.get(key) === owner) return [];
      if (owners.has(key))
        throw new Error(`taxonomy: "${name}" names both ${owners.get(key)} and ${owner}`);
      owners.set(key, owner);
      return [{ words, kind, id: entry.id }];
    }),
  );
}

/** Terms grouped by their first word, longest first, so a scan tries the longest match first. */
function indexByFirstWord(terms: Term[]): Map<string, Term[]> {
  const index = new Map<string, Term[]>();
  for (const term of terms) {
    const group = index.get(term.words[0]!) ?? [];
    group.push(term);
    index.set(term.words[0]!, group);
  }
  for (const group of index.values()) group.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/**
 * All places a term starts in a list of words. Only the first word may carry a proclitic
 * ("لكوريا الشمالية"); the words after it must match exactly.
 */
function findMatches(words: string[], index: Map<string, Term[]>): Match[] {
  const isFirstWord = (word: string) => index.has(word);
  return words.flatMap((word, start) => {
    const first = knownForm(word, isFirstWord);
    const terms = first === undefined ? [] : index.get(first)!;
    return terms
      .filter((term) => term.words.every((w, k) => k === 0 || words[start + k] === w))
      .map((term) => ({ start, length: term.words.length, term }));
  });
}

/** Where matches overlap the longer one wins ("كوريا الشمالية" over any shorter name inside it). */
function longestFirst(matches: Match[]): Match[] {
  const taken = new Set<number>();
  const sorted = [...matches].sort((a, b) => b.length - a.length || a.start - b.start);
  return sorted.filter((match) => {
    const span = Array.from({ length: match.length }, (_, k) => match.start + k);
    if (span.some((at) => taken.has(at))) return false;
    span.forEach((at) => taken.add(at));
    return true;
  });
}

/** Mention counts, most mentioned first, ties by id. */
function countMentions(matches: Match[], kind: EntityKind): MentionRecord[] {
  const counts = new Map<string, number>();
  for (const { term } of matches) {
    if (term.kind === kind) counts.set(term.id, (counts.get(term.id) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, count]) => ({ id, count }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A linker for one taxonomy. Each text (headline, paragraph) is scanned on its own, so a name
 * never spans two paragraphs.
 */
export function createLinker(taxonomy: Taxonomy): Linker {
  const index = indexByFirstWord(termsOf(taxonomy));
  return (texts) => {
    const matches = texts.flatMap((text) => longestFirst(findMatches(wordsOf(text), index)));
    return { people: countMentions(matches, "person"), topics: countMentions(matches, "topic") };
  };
}
