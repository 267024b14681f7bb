import { readFile } from "node:fs/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_QUERY, type App } from "../src/app.js";
import { errorCodes, query, testApp } from "./helpers.js";

const MAIN = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';
const ORESHNIK = 'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين';
const MUKALLA = "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن";
const MACHADO = "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل";
const INTERVIEW = "ترامب: أخلاقي تمنعني من شن عمليات عسكرية";

let app: App;
let calls: Map<string, number>;
beforeEach(async () => {
  ({ app, calls } = await testApp());
});

/** The slug of the story with this headline, found through the API itself. */
async function slugOf(headline: string): Promise<string> {
  const result = await query(app, "{ articles(first: 100) { edges { node { slug headline } } } }");
  const edge = result.data.articles.edges.find((e: any) => e.node.headline === headline);
  if (!edge) throw new Error(`no article "${headline}"`);
  return edge.node.slug;
}

describe("the seed page's stories", () => {
  it("lists the five stories of the page, newest first with ties by id", async () => {
    const result = await query(
      app,
      "{ articles { totalCount edges { node { id headline publishedAt } } } }",
    );
    const nodes = result.data.articles.edges.map((e: any) => e.node);
    expect(result.data.articles.totalCount).toBe(5);
    expect(new Set(nodes.map((n: any) => n.headline))).toEqual(
      new Set([MAIN, ORESHNIK, MUKALLA, MACHADO, INTERVIEW]),
    );
    const order = [...nodes].sort(
      (a: any, b: any) => b.publishedAt.localeCompare(a.publishedAt) || (a.id < b.id ? 1 : -1),
    );
    expect(nodes).toEqual(order);
  });

  it("dates each story by the day its own text gives", async () => {
    const result = await query(
      app,
      "{ articles { edges { node { headline publishedAt updatedAt } } } }",
    );
    const dates = Object.fromEntries(
      result.data.articles.edges.map((e: any) => [
        e.node.headline,
        [e.node.publishedAt, e.node.updatedAt],
      ]),
    );
    expect(dates).toEqual({
      [MAIN]: ["2026-01-09T00:00:00Z", "2026-01-09T00:00:00Z"],
      [ORESHNIK]: ["2026-01-09T00:00:00Z", "2026-01-09T00:00:00Z"],
      [INTERVIEW]: ["2026-01-09T00:00:00Z", "2026-01-09T00:00:00Z"],
      [MUKALLA]: ["2026-01-08T00:00:00Z", "2026-01-08T00:00:00Z"],
      [MACHADO]: ["2026-01-08T00:00:00Z", "2026-01-08T00:00:00Z"],
    });
  });

  it("serves the main story paragraph by paragraph, lede first, in Arabic right to left", async () => {
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) {
         headline summary summaryTruncated body bodyAvailable language direction wordCount readingTimeMinutes } }`,
      { slug: await slugOf(MAIN) },
    );
    const article = result.data.article;
    expect(article.body).toHaveLength(11);
    expect(article.body[0]).toBe(article.summary);
    expect(article.summary).toMatch(/^تعهد الزعيم الكوري الشمالي كيم جونغ أون/);
    expect(article.body[3]).toBe(
      'وأضاف كيم: "سيستمر التعاون الوثيق بين البلدين في مختلف المجالات مستقبلا".',
    );
    expect(article.body.at(-1)).toMatch(/^في المقابل، ترسل روسيا لكوريا الشمالية/);
    expect(article).toMatchObject({
      bodyAvailable: true,
      summaryTruncated: false,
      language: "ar",
      direction: "RTL",
    });
    const words = article.body.join(" ").split(/\s+/).length;
    expect(article.wordCount).toBeGreaterThan(words * 0.9);
    expect(article.readingTimeMinutes).toBe(Math.max(1, Math.round(article.wordCount / 200)));
  });

  it("says a read-more story's body is not available instead of pretending", async () => {
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) { summary summaryTruncated body bodyAvailable } }`,
      { slug: await slugOf(ORESHNIK) },
    );
    expect(result.data.article).toMatchObject({
      body: [],
      bodyAvailable: false,
      summaryTruncated: true,
    });
    expect(result.data.article.summary).toMatch(/^قالت وزارة الدفاع الروسية، الجمعة/);
  });
});

describe("related stories", () => {
  it("start with the four read-more stories, in the box's order, as editorial links", async () => {
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) { related { totalCount edges { score reasons { kind } node { headline } } } } }`,
      { slug: await slugOf(MAIN) },
    );
    const edges = result.data.article.related.edges;
    expect(edges.slice(0, 4).map((e: any) => e.node.headline)).toEqual([
      ORESHNIK,
      MUKALLA,
      MACHADO,
      INTERVIEW,
    ]);
    for (const edge of edges.slice(0, 4)) expect(edge.reasons[0].kind).toBe("EDITORIAL");
    expect(edges.map((e: any) => e.node.headline)).not.toContain(MAIN);
    expect(new Set(edges.map((e: any) => e.node.headline)).size).toBe(edges.length);
  });

  it("explain a computed relation by the person both stories share", async () => {
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) { related { edges { score reasons { kind person { slug } topic { slug } } node { headline } } } } }`,
      { slug: await slugOf(ORESHNIK) },
    );
    const toMain = result.data.article.related.edges.find((e: any) => e.node.headline === MAIN);
    expect(toMain.score).toBeGreaterThan(0);
    expect(toMain.reasons).toContainEqual({
      kind: "SHARED_PERSON",
      person: { slug: "vladimir-putin" },
      topic: null,
    });
  });
});

describe("people and topics", () => {
  it("lists the stories Putin appears in", async () => {
    const result = await query(
      app,
      `{ person(slug: "vladimir-putin") { name description aliases articles { totalCount edges { node { headline } } } } }`,
    );
    const person = result.data.person;
    expect(person).toMatchObject({ name: "فلاديمير بوتين", description: "الرئيس الروسي" });
    expect(person.aliases).toContain("بوتين");
    expect(person.articles.edges.map((e: any) => e.node.headline).sort()).toEqual(
      [MAIN, ORESHNIK].sort(),
    );
    expect(person.articles.totalCount).toBe(2);
  });

  it("lists Trump in the last two read-more stories", async () => {
    const result = await query(
      app,
      `{ person(slug: "donald-trump") { articles { edges { node { headline } } } } }`,
    );
    expect(result.data.person.articles.edges.map((e: any) => e.node.headline).sort()).toEqual(
      [MACHADO, INTERVIEW].sort(),
    );
  });

  it("links the main story to North Korea and Russia, most mentioned first", async () => {
    const result = await query(
      app,
      `query($slug: String!) { article(slug: $slug) { topics { slug kind } people { slug } } }`,
      { slug: await slugOf(MAIN) },
    );
    // Russia is named 8 times (روسيا، الروسي …), North Korea 6, the news agency 3.
    const topics = result.data.article.topics.map((t: any) => t.slug);
    expect(topics.slice(0, 3)).toEqual(["russia", "north-korea", "korean-central-news-agency"]);
    expect(result.data.article.topics[0].kind).toBe("PLACE");
    // Kim and Putin are named 4 times each: ties go by id.
    expect(result.data.article.people.map((p: any) => p.slug)).toEqual([
      "kim-jong-un",
      "vladimir-putin",
    ]);
  });

  it("filters articles by topic, person and publication window", async () => {
    const byTopic = await query(
      app,
      `{ articles(filter: { topic: "yemen" }) { edges { node { headline } } } }`,
    );
    expect(byTopic.data.articles.edges.map((e: any) => e.node.headline)).toEqual([MUKALLA]);
    const both = await query(
      app,
      `{ articles(filter: { person: "donald-trump", publishedBefore: "2026-01-09T00:00:00Z" }) { edges { node { headline } } } }`,
    );
    expect(both.data.articles.edges.map((e: any) => e.node.headline)).toEqual([MACHADO]);
    const onFriday = await query(
      app,
      `{ articles(filter: { publishedAfter: "2026-01-09T03:00:00+03:00" }) { totalCount } }`,
    );
    expect(onFriday.data.articles.totalCount).toBe(3);
    const unknown = await query(
      app,
      `{ articles(filter: { topic: "atlantis" }) { totalCount edges { cursor } } }`,
    );
    expect(unknown.data.articles).toEqual({ totalCount: 0, edges: [] });
  });

  it("pages topics by kind", async () => {
    const result = await query(
      app,
      `{ topics(kind: ORGANISATION, first: 100) { totalCount edges { node { kind name } } } }`,
    );
    const nodes = result.data.topics.edges.map((e: any) => e.node);
    expect(nodes.length).toBe(result.data.topics.totalCount);
    expect(nodes.map((n: any) => n.name)).toContain("وزارة الدفاع الروسية");
    expect(new Set(nodes.map((n: any) => n.kind))).toEqual(new Set(["ORGANISATION"]));
  });
});

describe("paging", () => {
  async function pageThrough(order: string, direction: "forwards" | "backwards") {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const args: string =
        direction === "forwards"
          ? `first: 1, after: ${JSON.stringify(cursor)}`
          : `last: 1, before: ${JSON.stringify(cursor)}`;
      const result: any = await query(
        app,
        `{ articles(orderBy: ${order}, ${args}) { edges { node { headline } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      );
      const { edges, pageInfo } = result.data.articles;
      seen[direction === "forwards" ? "push" : "unshift"](
        ...edges.map((e: any) => e.node.headline),
      );
      const more = direction === "forwards" ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
      if (!more) break;
      cursor = direction === "forwards" ? pageInfo.endCursor : pageInfo.startCursor;
    }
    return seen;
  }

  it("visits every article exactly once with first: 1 and after, in publishedAt order", async () => {
    const all = await query(app, "{ articles(first: 100) { edges { node { headline } } } }");
    const expected = all.data.articles.edges.map((e: any) => e.node.headline);
    expect(await pageThrough("PUBLISHED_AT_DESC", "forwards")).toEqual(expected);
    expect(await pageThrough("PUBLISHED_AT_DESC", "backwards")).toEqual(expected);
  });

  it("orders PUBLISHED_AT_ASC as exactly the reverse of PUBLISHED_AT_DESC", async () => {
    const desc = await pageThrough("PUBLISHED_AT_DESC", "forwards");
    expect(await pageThrough("PUBLISHED_AT_ASC", "forwards")).toEqual([...desc].reverse());
  });

  it("returns 20 items when neither first nor last is given, and none for first: 0", async () => {
    const none = await query(
      app,
      "{ articles(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }",
    );
    expect(none.data.articles).toEqual({
      totalCount: 5,
      edges: [],
      pageInfo: { hasNextPage: true },
    });
  });
});

describe("global ids", () => {
  it("fetch any article, topic or person again through node and nodes", async () => {
    const result = await query(
      app,
      `{ person(slug: "kim-jong-un") { id } topic(slug: "russia") { id } }`,
    );
    const ids = [result.data.person.id, result.data.topic.id];
    const again = await query(
      app,
      `query($ids: [ID!]!, $id: ID!) { node(id: $id) { id ... on Person { name } } nodes(ids: $ids) { __typename id } }`,
      { ids, id: ids[0] },
    );
    expect(again.data.node).toEqual({ id: ids[0], name: "كيم جونغ أون" });
    expect(again.data.nodes).toEqual([
      { __typename: "Person", id: ids[0] },
      { __typename: "Topic", id: ids[1] },
    ]);
  });
});

describe("bad input", () => {
  const cases: [string, string][] = [
    ["a malformed global id", `{ node(id: "not an id!") { id } }`],
    ["a malformed cursor", `{ articles(after: "bm90IGEgY3Vyc29y") { totalCount } }`],
    ["first above 100", `{ articles(first: 101) { totalCount } }`],
    ["a negative last", `{ articles(last: -1) { totalCount } }`],
    [
      "a page size above 100 on a nested list",
      `{ topics { edges { node { articles(first: 500) { totalCount } } } } }`,
    ],
    [
      "more than 100 ids",
      `{ nodes(ids: [${Array.from({ length: 101 }, () => '"UGVyc29uOng="').join(",")}]) { id } }`,
    ],
    [
      "a DateTime without a zone",
      `{ articles(filter: { publishedAfter: "2026-01-09" }) { totalCount } }`,
    ],
  ];

  for (const [what, document] of cases) {
    it(`answers ${what} with BAD_USER_INPUT, and keeps serving`, async () => {
      const result = await query(app, document);
      expect(errorCodes(result)).toContain("BAD_USER_INPUT");
      expect(JSON.stringify(result)).not.toMatch(/at .*\.(ts|js):\d+/);
      const after = await query(app, "{ articles { totalCount } }");
      expect(after.data.articles.totalCount).toBe(5);
    });
  }

  it("answers an unknown slug with null, not an error", async () => {
    const result = await query(
      app,
      `{ article(slug: "no-such-story") { id } person(slug: "nobody") { id } topic(slug: "nowhere") { id } }`,
    );
    expect(result).toMatchObject({
      status: 200,
      data: { article: null, person: null, topic: null },
    });
    expect(result.errors).toBeUndefined();
  });
});

describe("batching", () => {
  const PAGE = `query($n: Int!) { articles(first: $n) { edges { node {
    headline topics { name } people { name }
    related { edges { reasons { kind person { name } topic { name } } node { headline } } } } } } }`;
  const PAGE_WITH_RELATED_TOPICS = PAGE.replace(
    "node { headline }",
    "node { headline topics { name } }",
  );

  async function storeCalls(document: string, n: number): Promise<number> {
    calls.clear();
    const result = await query(app, document, { n });
    expect(result.errors).toBeUndefined();
    expect(result.data.articles.edges).toHaveLength(n);
    return [...calls.values()].reduce((sum, count) => sum + count, 0);
  }

  it("makes the same number of store calls for a page of one article as for all of them", async () => {
    // One call per list level: the page, topics, people, related edges, related articles.
    expect(await storeCalls(PAGE, 1)).toBe(5);
    expect(await storeCalls(PAGE, 5)).toBe(5);
  });

  it("loads the related stories' topics in one more call, whatever the page size", async () => {
    const counts = [];
    for (let n = 1; n <= 5; n++) counts.push(await storeCalls(PAGE_WITH_RELATED_TOPICS, n));
    // With every article on the page, the related stories' topics are already in the request's
    // cache, so the last page saves that call; it never costs more.
    expect(counts).toEqual([6, 6, 6, 6, 5]);
  });
});

describe("GraphiQL's default query", () => {
  it("opens on the main story with its four read-more stories", async () => {
    const result = await query(app, DEFAULT_QUERY);
    expect(result.data.article.headline).toBe(MAIN);
    const reasons = result.data.article.related.edges.map((e: any) => e.reasons[0].kind);
    expect(reasons.slice(0, 4)).toEqual(["EDITORIAL", "EDITORIAL", "EDITORIAL", "EDITORIAL"]);
  });
});

describe("the schema artifact", () => {
  it("is up to date with the code (run `npm run schema`)", async () => {
    const { printSortedSchema } = await import("../src/schema/index.js");
    const committed = await readFile(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema());
  });
});
