import { beforeAll, describe, expect, it } from "vitest";
import { generateContent } from "../src/corpus/generate.js";
import type { ArticleRecord } from "../src/store/records.js";
import { FACET_EXACT_CAP, FACET_SIZE, MentionTable } from "../src/text/facets.js";
import { TimeSlicer } from "../src/text/time-slice.js";

let stories: ArticleRecord[];
let table: MentionTable;

beforeAll(async () => {
  stories = generateContent({ articles: 400 }).articles;
  table = await MentionTable.build(stories, new TimeSlicer());
});

/** Visits every story `times` times over. */
const everyStory =
  (times: number) =>
  (visit: (doc: number) => void): void => {
    for (let pass = 0; pass < times; pass++) stories.forEach((_, doc) => visit(doc));
  };
const mentioning = (id: string) => stories.filter((s) => s.people.some((m) => m.id === id)).length;

describe("facet counts", () => {
  it("counts each person's stories exactly, most mentioned first, at most 20", () => {
    const { people, topics, exact } = table.facets(everyStory(1));
    expect(exact).toBe(true);
    expect(people.length).toBeLessThanOrEqual(FACET_SIZE);
    expect(topics.length).toBe(FACET_SIZE);
    for (const { id, count } of people) expect(count, id).toBe(mentioning(id));
    expect(people.map((p) => p.count)).toEqual(
      [...people.map((p) => p.count)].sort((a, b) => b - a),
    );
  });

  it("beyond the cap, scales the counted share to the whole result and flags an estimate", () => {
    // 12,000 visits: the first 10,000 are 25 full passes, so the estimate is 30 passes' worth.
    const passes = 30;
    expect(stories.length * passes).toBeGreaterThan(FACET_EXACT_CAP);
    const { people, exact } = table.facets(everyStory(passes));
    expect(exact).toBe(false);
    for (const { id, count } of people) expect(count, id).toBe(mentioning(id) * passes);
  });
});
