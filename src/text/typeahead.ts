/**
 * Typeahead: the people, topics and stories whose name or headline starts with what a reader has
 * typed so far. Names match in every form entity-names.ts knows (Arabic, English, other outlets'
 * spellings of the first word typed), from the start of any of their words ("كو" finds كوريا
 * الشمالية, "ko" North Korea); headlines from their start. People and topics come first, those
 * linked to more stories first (then the one with the newer story); then stories, newest first.
 * Keys are sorted once, so a prefix is a binary search and a walk over what starts with it.
 * The names are small enough for any store to hold (NameTypeahead); the headlines are the
 * archive's, so a store that keeps them in a database looks them up there by `typedKey`.
 */
import type { ArticleRecord, PersonRecord, TopicRecord } from "../store/records.js";
import {
  compareArticleKeys,
  compareStrings,
  type ArticleKey,
  type SuggestHit,
  type SuggestRequest,
} from "../store/store.js";
import { firstNotBefore } from "../sorted.js";
import { mentionsOf } from "./entity-links.js";
import { entityKey, formsOf, spellingsOf, type NamedEntity } from "./entity-names.js";
import { words } from "./normalize.js";
import { sortInSlices, type TimeSlicer } from "./time-slice.js";

/** How much a person or topic is used: the stories that mention it, and the newest of them. */
export interface NameUse {
  stories: number;
  newest?: ArticleKey;
}

interface Named extends NameUse {
  kind: NamedEntity["kind"];
  record: PersonRecord | TopicRecord;
}

const ARABIC_LETTER = /[\u0621-\u064A]/;

/** What a prefix is compared as: its normalised words, with a trailing space kept; "" for none. */
export const typedKey = (prefix: string): string => {
  const typed = words(prefix).join(" ") + (/\s$/.test(prefix) ? " " : "");
  return typed.trim() ? typed : "";
};

/** A headline as typed keys compare it. */
export const headlineKey = (headline: string): string => words(headline).join(" ");

/** Newer story first; a name with no story last. */
const byNewest = (a?: ArticleKey, b?: ArticleKey) =>
  a && b ? compareArticleKeys(b, a) : a ? -1 : b ? 1 : 0;

/** The people's and topics' names in every form, by the key each form is typed as. */
export class NameTypeahead {
  private constructor(
    private readonly named: Named[],
    /** Each name key with its entity, sorted by key. */
    private readonly nameKeys: { key: string; entity: number }[],
  ) {}

  /** `use` tells how many stories mention each person or topic, and the newest. */
  static build(
    people: readonly PersonRecord[],
    topics: readonly TopicRecord[],
    use: (entity: NamedEntity) => NameUse | undefined,
  ): NameTypeahead {
    const named: Named[] = [
      ...people.map((record) => ({ kind: "person" as const, record })),
      ...topics.map((record) => ({ kind: "topic" as const, record })),
    ].map((entry) => ({
      ...entry,
      ...(use({ kind: entry.kind, id: entry.record.id }) ?? { stories: 0 }),
    }));
    const nameKeys = named.flatMap((entry, entity) =>
      [...new Set(formsOf(entry.record).flatMap(keysOf))].map((key) => ({ key, entity })),
    );
    nameKeys.sort((a, b) => compareStrings(a.key, b.key));
    return new NameTypeahead(named, nameKeys);
  }

  /** The `first` most used people and topics with a name key starting with `typed` (typedKey). */
  suggest(typed: string, first: number): SuggestHit[] {
    const latin = !ARABIC_LETTER.test(typed);
    const entities = new Set<number>();
    const [lo, hi] = rangeStartingWith(this.nameKeys.length, (i) => this.nameKeys[i]!.key, typed);
    for (let i = lo; i < hi; i++) entities.add(this.nameKeys[i]!.entity);
    return [...entities]
      .map((entity) => this.named[entity]!)
      .sort(
        (a, b) =>
          b.stories - a.stories ||
          byNewest(a.newest, b.newest) ||
          compareStrings(a.record.id, b.record.id),
      )
      .slice(0, first)
      .map(({ kind, record }) => ({
        kind,
        id: record.id,
        label: latin ? record.nameEn : record.name,
      }));
  }
}

/** Names and headlines over stories held in memory. */
export class Typeahead {
  private constructor(
    private readonly names: NameTypeahead,
    private readonly stories: readonly ArticleRecord[],
    private readonly headlineKeys: string[],
    /** Story numbers in `headlineKeys` order. */
    private readonly headlineOrder: Int32Array,
  ) {}

  /** `stories` in index order (newest first). */
  static async build(
    stories: readonly ArticleRecord[],
    people: readonly PersonRecord[],
    topics: readonly TopicRecord[],
    slicer: TimeSlicer,
  ): Promise<Typeahead> {
    const uses = await countStories(stories, slicer);
    const names = NameTypeahead.build(people, topics, (entity) => uses.get(entityKey(entity)));
    const headlineKeys: string[] = [];
    for (const story of stories) {
      headlineKeys.push(headlineKey(story.headline));
      await slicer.pause();
    }
    const byKey = (a: number, b: number) => compareStrings(headlineKeys[a]!, headlineKeys[b]!);
    const order = await sortInSlices(Int32Array.from(stories.keys()), byKey, slicer);
    const sortedKeys = Array.from(order, (doc) => headlineKeys[doc]!);
    return new Typeahead(names, stories, sortedKeys, order);
  }

  suggest({ prefix, first }: SuggestRequest): SuggestHit[] {
    const typed = typedKey(prefix);
    if (!typed) return [];
    const names = this.names.suggest(typed, first);
    const headlines = this.newestStartingWith(typed, first - names.length).map((doc) => {
      const { id, headline } = this.stories[doc]!;
      return { kind: "article" as const, id, label: headline };
    });
    return [...names, ...headlines];
  }
  /** The `count` newest stories whose headline starts with `prefix`, newest first. */
  private newestStartingWith(prefix: string, count: number): number[] {
    const newest: number[] = [];
    const [lo, hi] = rangeStartingWith(
      this.headlineKeys.length,
      (i) => this.headlineKeys[i]!,
      prefix,
    );
    for (let i = lo; i < hi && count > 0; i++) {
      const doc = this.headlineOrder[i]!;
      if (newest.length === count && doc > newest[count - 1]!) continue;
      newest.splice(
        firstNotBefore(0, newest.length, (j) => newest[j]! < doc),
        0,
        doc,
      );
      if (newest.length > count) newest.pop();
    }
    return newest;
  }
}

/**
 * The positions [lo, hi) of a sorted list of `length` keys that start with `prefix`: they sort
 * together, between the prefix and the prefix followed by the highest UTF-16 unit.
 */
function rangeStartingWith(
  length: number,
  keyAt: (i: number) => string,
  prefix: string,
): [number, number] {
  const end = `${prefix}\uffff`;
  return [
    firstNotBefore(0, length, (i) => keyAt(i) < prefix),
    firstNotBefore(0, length, (i) => keyAt(i) < end),
  ];
}

/** A name form's keys: from each of its words on, that word in each of its spellings. */
function keysOf(form: readonly string[]): string[] {
  return form.flatMap((word, k) => {
    const rest = form.slice(k + 1);
    return spellingsOf(word).map((spelling) => [spelling, ...rest].join(" "));
  });
}

/** How many stories mention each person and topic (by entityKey), and the newest of them. */
async function countStories(
  stories: readonly ArticleRecord[],
  slicer: TimeSlicer,
): Promise<Map<string, NameUse>> {
  const uses = new Map<string, NameUse>();
  // Stories come newest first, so the first to mention a name is its newest.
  for (const story of stories) {
    for (const { key } of mentionsOf(story)) {
      const use = uses.get(key);
      if (use) use.stories++;
      else uses.set(key, { stories: 1, newest: story });
    }
    await slicer.pause();
  }
  return uses;
}
