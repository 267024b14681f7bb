import { describe, expect, it } from "vitest";
import { computeRelated, MAX_COMPUTED_EDGES } from "../src/ingest/related.js";
import { embeddedStorePath } from "../src/store/json/lowdb.js";
import type { ArticleRecord, RelatedEdgeRecord, StoreData } from "../src/store/records.js";
import { readStoreFile } from "../src/store/json/store-file.js";
import { seedPage } from "./ingest-fixtures.js";

const seed: StoreData = await readStoreFile(embeddedStorePath);
const page = seedPage();
const idOf = (headline: string) => seed.articles.find((a) => a.headline === headline)!.id;
const main = idOf(page.headline);
const [oreshnik, mukalla, machado, interview] = page.readMore.map((t) => idOf(t.headline)) as [
  string,
  string,
  string,
  string,
];
const edgesFrom = (edges: RelatedEdgeRecord[], id: string) => edges.filter((e) => e.fromId === id);
const sixDigits = (score: number) => Number(score.toPrecision(6));

describe("related edges of the seed page", () => {
  const edges = computeRelated(seed.articles, seed.editorialLinks);

  it("are what the committed store holds", () => {
    expect(edges).toEqual(seed.relatedEdges);
  });

  it("start the main story's list with the four read-more stories, in the box's order", () => {
    expect(edgesFrom(edges, main).map((e) => e.toId)).toEqual([
      oreshnik,
      mukalla,
      machado,
      interview,
    ]);
  });

  it("say why: editorial first, then the people and topics the two stories share", () => {
    expect(edgesFrom(edges, main)[0]!.reasons).toEqual([
      { kind: "EDITORIAL" },
      { kind: "SHARED_PERSON", personId: "vladimir-putin" },
      { kind: "SHARED_TOPIC", topicId: "missiles" },
      { kind: "SHARED_TOPIC", topicId: "moscow" },
      { kind: "SHARED_TOPIC", topicId: "russia" },
      { kind: "SHARED_TOPIC", topicId: "ukraine" },
    ]);
    expect(edgesFrom(edges, main)[1]!).toMatchObject({
      score: 0,
      reasons: [{ kind: "EDITORIAL" }],
    });
  });

  it("weigh each shared entity by how rare it is: five entities each in 2 of 5 stories", () => {
    // Both stories are from the newest day, so recency is 1.
    expect(edgesFrom(edges, main)[0]!.score).toBe(sixDigits(5 * Math.log(1 + 5 / 2)));
  });

  it("discount a pair by the days between its two stories", () => {
    // The United States is named in 3 of 5 stories; the Machado story is a day older.
    const toMachado = edgesFrom(edges, main).find((e) => e.toId === machado)!;
    expect(toMachado.score).toBe(sixDigits(Math.log(1 + 5 / 3) / (1 + 1 / 30)));
  });

  it("link the Oreshnik teaser back to the main story, with the same score from either end", () => {
    const back = edgesFrom(edges, oreshnik);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ toId: main, score: edgesFrom(edges, main)[0]!.score });
    expect(back[0]!.reasons[0]).toEqual({ kind: "SHARED_PERSON", personId: "vladimir-putin" });
  });

  it("relate the two Trump stories through Trump and the United States, before the main story", () => {
    expect(edgesFrom(edges, machado).map((e) => e.toId)).toEqual([interview, main]);
    expect(edgesFrom(edges, machado)[0]!.reasons).toEqual([
      { kind: "SHARED_PERSON", personId: "donald-trump" },
      { kind: "SHARED_TOPIC", topicId: "united-states" },
    ]);
  });

  it("leave the Mukalla story, which shares nothing, with no computed edges", () => {
    expect(edgesFrom(edges, mukalla)).toEqual([]);
  });
});

/** A made-up article: only its id, date and entities matter to the scorer. */
function article(id: string, day: number, topics: string[], people: string[] = []): ArticleRecord {
  const publishedAt = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
  return {
    id,
    slug: id,
    headline: id,
    summary: "",
    summaryTruncated: false,
    body: [],
    language: "ar",
    publishedAt: publishedAt.replace(".000", ""),
    updatedAt: publishedAt.replace(".000", ""),
    wordCount: 0,
    topics: topics.map((t) => ({ id: t, count: 1 })),
    people: people.map((p) => ({ id: p, count: 1 })),
  };
}

const pad = (n: number) => String(n).padStart(3, "0");

describe("computed edges", () => {
  /** Sixty stories over a week, all on one topic, half on another, a third naming one person. */
  const crowdFrom = (firstDay: number) =>
    Array.from({ length: 60 }, (_, n) =>
      article(
        `a${pad(n)}`,
        firstDay + (n % 7),
        ["common", n % 2 ? "odd" : "even"],
        n % 3 ? [] : ["third"],
      ),
    );
  const crowd = crowdFrom(0);
  const edges = computeRelated(crowd, []);

  it("number at most twenty per article, even when sixty stories share a topic", () => {
    for (const a of crowd) {
      expect(edgesFrom(edges, a.id).length).toBeGreaterThan(0);
      expect(edgesFrom(edges, a.id).length).toBeLessThanOrEqual(MAX_COMPUTED_EDGES);
    }
  });

  it("score a pair the same from either end", () => {
    const scores = new Map(edges.map((e) => [`${e.fromId}>${e.toId}`, e.score]));
    for (const e of edges) {
      const back = scores.get(`${e.toId}>${e.fromId}`);
      if (back !== undefined) expect(back).toBe(e.score);
    }
  });

  it("judge a pair's freshness by its own dates, not by the newest story in the store", () => {
    const stories = [
      article("old", 0, ["x"]),
      article("older", -1, ["x"]),
      article("new", 400, ["y"]),
    ];
    // x is in 2 of 3 stories; the two old stories are a day apart, however old both are.
    expect(edgesFrom(computeRelated(stories, []), "old")[0]).toMatchObject({
      toId: "older",
      score: sixDigits(Math.log(1 + 3 / 2) / (1 + 1 / 30)),
    });
  });

  it("never point an article at itself or twice at the same story", () => {
    for (const a of crowd) {
      const targets = edgesFrom(edges, a.id).map((e) => e.toId);
      expect(targets).not.toContain(a.id);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it("come by score, ties by newer story then id", () => {
    for (const a of crowd) {
      const list = edgesFrom(edges, a.id).map((e) => ({
        score: e.score,
        at: crowd.find((c) => c.id === e.toId)!.publishedAt,
        id: e.toId,
      }));
      const sorted = [...list].sort(
        (x, y) => y.score - x.score || y.at.localeCompare(x.at) || x.id.localeCompare(y.id),
      );
      expect(list).toEqual(sorted);
    }
  });

  it("prefer a newer story to an older one that shares as much", () => {
    const stories = [
      article("new", 30, ["x"]),
      article("newer", 29, ["x"]),
      article("older", 1, ["x"]),
    ];
    expect(edgesFrom(computeRelated(stories, []), "new").map((e) => e.toId)).toEqual([
      "newer",
      "older",
    ]);
  });

  it("prefer a rare shared person to a common shared topic", () => {
    const stories = [
      article("a", 0, ["russia"], ["basloum"]),
      article("b", 0, ["russia"]),
      article("c", 0, ["russia"]),
      article("d", 0, [], ["basloum"]),
    ];
    expect(edgesFrom(computeRelated(stories, []), "a").map((e) => e.toId)).toEqual(["d", "b", "c"]);
  });

  it("depend on the stories alone, not on the day they are computed", () => {
    expect(computeRelated(crowdFrom(400), [])).toEqual(edges);
  });

  it("put editorial links first without repeating them among the computed ones", () => {
    const withLinks = computeRelated(crowd, [
      { fromId: "a000", toId: "a059", position: 0 },
      { fromId: "a000", toId: "a000", position: 1 },
    ]);
    const list = edgesFrom(withLinks, "a000");
    expect(list[0]).toMatchObject({
      toId: "a059",
      reasons: [{ kind: "EDITORIAL" }, expect.anything()],
    });
    expect(list.filter((e) => e.toId === "a059")).toHaveLength(1);
    expect(list.map((e) => e.toId)).not.toContain("a000");
  });
});
