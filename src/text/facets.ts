/**
 * Facets of a search: how many of the matching stories mention each topic and each person, over
 * the whole result, not the page. Counted exactly over the first FACET_EXACT_CAP matches; a
 * larger result is estimated from those (counts scaled by total / cap), and says so. Every
 * story's mentions are numbered once when the index opens, so counting adds integers in an
 * array instead of looking up strings.
 */
import type { ArticleRecord, FacetCount, Facets } from "../store/records.js";
import { compareStrings } from "../store/store.js";
import { mentionsOf } from "./entity-links.js";
import type { NamedEntity } from "./entity-names.js";
import type { TimeSlicer } from "./time-slice.js";

/** Matches counted one by one: ~10 mentions each, a few ms of work at most. */
export const FACET_EXACT_CAP = 10_000;
/** Values listed per facet, most frequent first. */
export const FACET_SIZE = 20;

/** The people and topics each story mentions, as numbers into `entities`. */
export class MentionTable {
  private constructor(
    private readonly entities: NamedEntity[],
    /** Story d's mentions are mentioned[starts[d] … starts[d + 1]). */
    private readonly starts: Int32Array,
    private readonly mentioned: Int32Array,
  ) {}

  /** `stories` in index order. */
  static async build(stories: readonly ArticleRecord[], slicer: TimeSlicer): Promise<MentionTable> {
    const numbers = new Map<string, number>();
    const entities: NamedEntity[] = [];
    const starts = new Int32Array(stories.length + 1);
    const mentioned: number[] = [];
    for (const [doc, story] of stories.entries()) {
      for (const { entity, key } of mentionsOf(story)) {
        let number = numbers.get(key);
        if (number === undefined) numbers.set(key, (number = entities.push(entity) - 1));
        mentioned.push(number);
      }
      starts[doc + 1] = mentioned.length;
      await slicer.pause();
    }
    return new MentionTable(entities, starts, Int32Array.from(mentioned));
  }

  /** The facets of the stories that `forEachMatch` visits. */
  facets(forEachMatch: (visit: (doc: number) => void) => void): Facets {
    const { starts, mentioned } = this;
    const counts = new Int32Array(this.entities.length);
    let matches = 0;
    forEachMatch((doc) => {
      if (matches++ >= FACET_EXACT_CAP) return;
      for (let m = starts[doc]!; m < starts[doc + 1]!; m++) counts[mentioned[m]!]!++;
    });
    const counted: NamedCount[] = [];
    this.entities.forEach((entity, number) => {
      if (counts[number]! > 0) counted.push({ ...entity, count: counts[number]! });
    });
    return facetsOf(counted, matches);
  }
}

/** How many of the counted matches mention one person or topic. */
export interface NamedCount extends NamedEntity {
  count: number;
}

/**
 * The facets of a result of `matches` stories, from the mentions counted over `cap` of them (all,
 * when fewer): the FACET_SIZE most counted of each kind, ties by id, scaled to the whole result
 * when it was larger.
 */
export function facetsOf(
  counted: readonly NamedCount[],
  matches: number,
  cap = FACET_EXACT_CAP,
): Facets {
  const exact = matches <= cap;
  const scale = exact ? 1 : matches / cap;
  const top = (kind: NamedEntity["kind"]): FacetCount[] =>
    counted
      .filter((entry) => entry.kind === kind)
      .sort((a, b) => b.count - a.count || compareStrings(a.id, b.id))
      .slice(0, FACET_SIZE)
      .map(({ id, count }) => ({ id, count: Math.round(count * scale) }));
  return { topics: top("topic"), people: top("person"), exact };
}
