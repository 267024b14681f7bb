/**
 * Facets of a search: how many of the matching stories mention each topic and each person, over
 * the whole result, not the page. Counted exactly over the first FACET_EXACT_CAP matches; a
 * larger result is estimated from those (counts scaled by total / cap), and says so.
 */
import type { ArticleRecord, FacetCount, Facets, MentionRecord } from "../store/records.js";
import { compareStrings } from "../store/store.js";

/** Matches counted one by one: ~10 mentions each, a few ms of work at most. */
export const FACET_EXACT_CAP = 10_000;
/** Values listed per facet, most frequent first. */
export const FACET_SIZE = 20;

/** Tallies the mentions of the stories offered to it, up to the cap, and ranks them. */
export class FacetCounter {
  private readonly topics = new Map<string, number>();
  private readonly people = new Map<string, number>();
  private seen = 0;

  offer(story: ArticleRecord): void {
    if (this.seen++ >= FACET_EXACT_CAP) return;
    tally(this.topics, story.topics);
    tally(this.people, story.people);
  }

  facets(): Facets {
    const exact = this.seen <= FACET_EXACT_CAP;
    const scale = exact ? 1 : this.seen / FACET_EXACT_CAP;
    return { topics: top(this.topics, scale), people: top(this.people, scale), exact };
  }
}

function tally(counts: Map<string, number>, mentions: readonly MentionRecord[]): void {
  for (const { id } of mentions) counts.set(id, (counts.get(id) ?? 0) + 1);
}

/** The FACET_SIZE most counted, ties by id, each count scaled. */
function top(counts: Map<string, number>, scale: number): FacetCount[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || compareStrings(a, b))
    .slice(0, FACET_SIZE)
    .map(([id, count]) => ({ id, count: Math.round(count * scale) }));
}
