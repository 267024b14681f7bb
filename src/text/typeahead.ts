/**
 * Typeahead: the people, topics and stories whose name or headline starts with what a reader has
 * typed so far. Names match in every form entity-names.ts knows (Arabic, English, other outlets'
 * spellings of the first word typed), from the start of any of their words ("كو" finds كوريا
 * الشمالية, "ko" North Korea); headlines from their start. People and topics come first, those
 * linked to more stories first (then the one with the newer story); then stories, newest first.
 * Keys are sorted once, so a prefix is a binary search and a walk over what starts with it.
 */
import type { ArticleRecord, PersonRecord, TopicRecord } from "../store/records.js";
import { compareStrings, type SuggestHit, type SuggestRequest } from "../store/store.js";
import { firstNotBefore } from "../sorted.js";
import { mentionsOf } from "./entity-links.js";
import { entityKey, formsOf, spellingsOf } from "./entity-names.js";
import { words } from "./normalize.js";
import { sortInSlices, type TimeSlicer } from "./time-slice.js";

interface Named {
  kind: "person" | "topic";
  record: PersonRecord | TopicRecord;
  /** Stories that mention it. */
  stories: number;
  /** Its newest story's number (index order, newest first), or the story count when none. */
  newest: number;
}

const ARABIC_LETTER = /[\u0621-\u064A]/;

export class Typeahead {
  private constructor(
    private readonly named: Named[],
    /** Each name key with its entity, sorted by key. */
    private readonly nameKeys: { key: string; entity: number }[],
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
    const named = await countStories(stories, people, topics, slicer);
    const nameKeys = named.flatMap((entry, entity) =>
      [...new Set(formsOf(entry.record).flatMap(keysOf))].map((key) => ({ key, entity })),
    );
    nameKeys.sort((a, b) => compareStrings(a.key, b.key));
    const headlineKeys: string[] = [];
    for (const story of stories) {
      headlineKeys.push(words(story.headline).join(" "));
      await slicer.pause();
    }
    const byKey = (a: number, b: number) => compareStrings(headlineKeys[a]!, headlineKeys[b]!);
    const order = await sortInSlices(Int32Array.from(stories.keys()), byKey, slicer);
    const sortedKeys = Array.from(order, (doc) => headlineKeys[doc]!);
    return new Typeahead(named, nameKeys, stories, sortedKeys, order);
  }

  suggest({ prefix, first }: SuggestRequest): SuggestHit[] {
    const typed = words(prefix).join(" ") + (/\s$/.test(prefix) ? " " : "");
    if (!typed.trim()) return [];
    const latin = !ARABIC_LETTER.test(typed);
    const entities = new Set<number>();
    const [lo, hi] = rangeStartingWith(this.nameKeys.length, (i) => this.nameKeys[i]!.key, typed);
    for (let i = lo; i < hi; i++) entities.add(this.nameKeys[i]!.entity);
    const names = [...entities]
      .map((entity) => this.named[entity]!)
      .sort(
        (a, b) =>
          b.stories - a.stories || a.newest - b.newest || compareStrings(a.record.id, b.record.id),
      )
      .slice(0, first)
      .map(({ kind, record }) => ({
        kind,
        id: record.id,
        label: latin ? record.nameEn : record.name,
      }));
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

/** Every person and topic with the stories that mention it and its newest one. */
async function countStories(
  stories: readonly ArticleRecord[],
  people: readonly PersonRecord[],
  topics: readonly TopicRecord[],
  slicer: TimeSlicer,
): Promise<Named[]> {
  const named: Named[] = [
    ...people.map((record) => ({ kind: "person" as const, record })),
    ...topics.map((record) => ({ kind: "topic" as const, record })),
  ].map((entry) => ({ ...entry, stories: 0, newest: stories.length }));
  const at = new Map(named.map(({ kind, record }, i) => [entityKey({ kind, id: record.id }), i]));
  for (const [doc, story] of stories.entries()) {
    for (const { key } of mentionsOf(story)) {
      const entry = named[at.get(key) ?? -1];
      if (!entry) continue;
      entry.stories++;
      entry.newest = Math.min(entry.newest, doc);
    }
    await slicer.pause();
  }
  return named;
}
