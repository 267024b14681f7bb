import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArticlePageDocument,
  createNewsClient,
  HomeFeedDocument,
  NewsClientError,
  PersonPageDocument,
  SearchPageDocument,
  SearchSuggestDocument,
  TopicPageDocument,
  type NewsClient,
  type NewsFetch,
} from "@news-graph/client";
import { createApp } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import { mainStoryPage } from "./fixtures/client-usage.js";
import { copyOfEmbeddedStore } from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const MAIN = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';
const ORESHNIK = 'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين';
const MUKALLA = "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن";
const MACHADO = "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل";
const INTERVIEW = "ترامب: أخلاقي تمنعني من شن عمليات عسكرية";

/** The app on a real port of 127.0.0.1, as a browser or an SSR server would reach it. */
async function listen(trusted: boolean): Promise<{ server: Server; url: string }> {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  const trustedDocuments = trusted ? await loadTrustedDocuments([sdkManifestPath]) : undefined;
  const server = createServer(createApp({ store, trustedDocuments }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}

const servers: Server[] = [];
let open: { url: string };
let trusted: { url: string };
beforeAll(async () => {
  const [a, b] = await Promise.all([listen(false), listen(true)]);
  servers.push(a.server, b.server);
  open = a;
  trusted = b;
});
afterAll(() => servers.forEach((server) => server.close()));

/** The SDK's operations, run by a client in each of its three modes. */
const modes: [string, () => NewsClient][] = [
  ["sending query text to an open server", () => createNewsClient({ url: open.url })],
  [
    "sending hashes first, text on a miss, to an open server (APQ)",
    () => createNewsClient({ url: open.url, persisted: "apq" }),
  ],
  [
    "sending trusted hashes alone to a trusted-documents server",
    () => createNewsClient({ url: trusted.url, persisted: "trusted" }),
  ],
];

describe.each(modes)("the SDK client %s", (_mode, makeClient) => {
  let client: NewsClient;
  beforeAll(() => {
    client = makeClient();
  });

  it("pages through the home feed, newest first, two stories at a time", async () => {
    const first = await client.request(HomeFeedDocument, { first: 2 });
    expect(first.articles.totalCount).toBe(5);
    expect(first.articles.edges).toHaveLength(2);
    expect(first.articles.pageInfo.hasNextPage).toBe(true);
    const headlines = first.articles.edges.map((e) => e.node.headline);
    let after = first.articles.pageInfo.endCursor;
    while (after) {
      const page = await client.request(HomeFeedDocument, { first: 2, after });
      headlines.push(...page.articles.edges.map((e) => e.node.headline));
      after = page.articles.pageInfo.hasNextPage ? page.articles.pageInfo.endCursor : null;
    }
    expect(new Set(headlines)).toEqual(new Set([MAIN, ORESHNIK, MUKALLA, MACHADO, INTERVIEW]));
    expect(headlines).toHaveLength(5);
    const all = await client.request(HomeFeedDocument);
    expect(all.articles.edges.map((e) => e.node.headline)).toEqual(headlines);
    const dates = all.articles.edges.map((e) => e.node.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("shows each home-feed card with its topics", async () => {
    const feed = await client.request(HomeFeedDocument);
    const main = feed.articles.edges.find((e) => e.node.headline === MAIN)!.node;
    expect(main.topics.map((t) => t.slug)).toEqual(
      expect.arrayContaining(["north-korea", "russia"]),
    );
    expect(main).toMatchObject({ slug: MAIN_SLUG, direction: "RTL", language: "ar" });
  });

  it("opens the main story's article page with its body, people and topics", async () => {
    const { article } = await client.request(ArticlePageDocument, { slug: MAIN_SLUG });
    expect(article).toMatchObject({
      headline: MAIN,
      bodyAvailable: true,
      summaryTruncated: false,
      direction: "RTL",
    });
    expect(article!.body).toHaveLength(11);
    expect(article!.body[0]).toBe(article!.summary);
    expect(article!.people.map((p) => p.slug)).toEqual(["kim-jong-un", "vladimir-putin"]);
    expect(
      article!.topics
        .slice(0, 2)
        .map((t) => t.slug)
        .sort(),
    ).toEqual(["north-korea", "russia"]);
  });

  it("lists the four editorial read-more stories first on the main story's page", async () => {
    const { article } = await client.request(ArticlePageDocument, { slug: MAIN_SLUG });
    const edges = article!.related.edges;
    expect(edges.slice(0, 4).map((e) => e.node.headline)).toEqual([
      ORESHNIK,
      MUKALLA,
      MACHADO,
      INTERVIEW,
    ]);
    for (const edge of edges.slice(0, 4)) {
      expect(edge.reasons[0]!.kind).toBe("EDITORIAL");
      expect(typeof edge.score).toBe("number");
    }
    const oreshnik = edges[0]!;
    expect(oreshnik.reasons).toContainEqual(
      expect.objectContaining({
        kind: "SHARED_PERSON",
        person: expect.objectContaining({ slug: "vladimir-putin" }),
      }),
    );
  });

  it("pages the related stories with relatedFirst and relatedAfter", async () => {
    const whole = await client.request(ArticlePageDocument, { slug: MAIN_SLUG });
    const first = await client.request(ArticlePageDocument, { slug: MAIN_SLUG, relatedFirst: 2 });
    const related = first.article!.related;
    expect(related.edges).toHaveLength(2);
    expect(related.pageInfo.hasNextPage).toBe(true);
    const rest = await client.request(ArticlePageDocument, {
      slug: MAIN_SLUG,
      relatedFirst: 10,
      relatedAfter: related.pageInfo.endCursor,
    });
    expect([...related.edges, ...rest.article!.related.edges].map((e) => e.node.slug)).toEqual(
      whole.article!.related.edges.map((e) => e.node.slug),
    );
  });

  it("says a read-more story's page has no body rather than inventing one", async () => {
    const feed = await client.request(HomeFeedDocument);
    const slug = feed.articles.edges.find((e) => e.node.headline === ORESHNIK)!.node.slug;
    const { article } = await client.request(ArticlePageDocument, { slug });
    expect(article).toMatchObject({ body: [], bodyAvailable: false, summaryTruncated: true });
  });

  it("answers an unknown slug with a null page, not an error", async () => {
    const result = await client.request(ArticlePageDocument, { slug: "no-such-story" });
    expect(result).toEqual({ __typename: "Query", article: null });
  });

  it("opens North Korea's topic page with the main story on it", async () => {
    const { topic } = await client.request(TopicPageDocument, { slug: "north-korea" });
    expect(topic).toMatchObject({ slug: "north-korea", kind: "PLACE", name: "كوريا الشمالية" });
    expect(topic!.articles.edges.map((e) => e.node.headline)).toContain(MAIN);
    const one = await client.request(TopicPageDocument, { slug: "russia", first: 1 });
    expect(one.topic!.articles.edges).toHaveLength(1);
    expect(one.topic!.articles.totalCount).toBeGreaterThan(1);
  });

  it("lists Putin's 2 stories on his person page, and Trump's 2 on his", async () => {
    const putin = await client.request(PersonPageDocument, { slug: "vladimir-putin" });
    expect(putin.person).toMatchObject({ name: "فلاديمير بوتين", description: "الرئيس الروسي" });
    expect(putin.person!.articles.totalCount).toBe(2);
    expect(putin.person!.articles.edges.map((e) => e.node.headline).sort()).toEqual(
      [MAIN, ORESHNIK].sort(),
    );
    const trump = await client.request(PersonPageDocument, { slug: "donald-trump" });
    expect(trump.person!.articles.edges.map((e) => e.node.headline).sort()).toEqual(
      [MACHADO, INTERVIEW].sort(),
    );
  });

  it('finds 2 stories for "بوتين", with the matched word marked in the headline', async () => {
    const { search } = await client.request(SearchPageDocument, { query: "بوتين" });
    expect(search.totalCount).toBe(2);
    expect(search.edges.map((e) => e.node.headline).sort()).toEqual([MAIN, ORESHNIK].sort());
    for (const edge of search.edges) {
      const headline = edge.highlights.find((h) => h.field === "HEADLINE")!;
      const snippet = headline.segments.map((s) => s.text).join("");
      expect(edge.node.headline).toContain(snippet);
      expect(headline.truncatedStart).toBe(!edge.node.headline.startsWith(snippet));
      expect(headline.segments.filter((s) => s.match).map((s) => s.text)).toEqual(["بوتين"]);
    }
    expect(search.edges[0]!.score).toBeGreaterThanOrEqual(search.edges[1]!.score);
  });

  it("pages and filters search results", async () => {
    const first = await client.request(SearchPageDocument, { query: "بوتين", first: 1 });
    expect(first.search.edges).toHaveLength(1);
    const second = await client.request(SearchPageDocument, {
      query: "بوتين",
      first: 1,
      after: first.search.pageInfo.endCursor,
    });
    expect(second.search.edges).toHaveLength(1);
    expect(second.search.edges[0]!.node.slug).not.toBe(first.search.edges[0]!.node.slug);
    const filtered = await client.request(SearchPageDocument, {
      query: "بوتين",
      filter: { topic: "north-korea" },
    });
    expect(filtered.search.edges.map((e) => e.node.headline)).toEqual([MAIN]);
  });

  it('suggests Putin for "pu" and the main story for "زعيم كو", typed by kind', async () => {
    const putin = await client.request(SearchSuggestDocument, { prefix: "pu" });
    expect(putin.suggest.map(({ label, node }) => [label, node.__typename])).toEqual([
      ["Vladimir Putin", "Person"],
    ]);
    const story = await client.request(SearchSuggestDocument, { prefix: "زعيم كو", first: 1 });
    const [only] = story.suggest;
    expect(only?.node.__typename === "Article" && only.node.slug).toBe(MAIN_SLUG);
    expect(only?.label).toBe(MAIN);
  });

  it("throws a NewsClientError with BAD_USER_INPUT for a page size over 100", async () => {
    const error = await client.request(HomeFeedDocument, { first: 101 }).catch((e) => e);
    expect(error).toBeInstanceOf(NewsClientError);
    expect(error.codes).toEqual(["BAD_USER_INPUT"]);
    expect(error.hasCode("BAD_USER_INPUT")).toBe(true);
    expect(error.message).toMatch(/first/);
  });
});

describe("the SDK client's failures", () => {
  it("refuses query text on a trusted-documents server: PERSISTED_QUERY_ONLY, HTTP 400", async () => {
    const client = createNewsClient({ url: trusted.url });
    const error = await client
      .request(ArticlePageDocument, { slug: MAIN_SLUG })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewsClientError);
    expect(error).toMatchObject({ status: 400, codes: ["PERSISTED_QUERY_ONLY"] });
  });

  it("sends a trusted hash the server does not know only once, and reports PERSISTED_QUERY_NOT_FOUND", async () => {
    const { fetch, requests } = recordingFetch();
    // A server of its own, so no APQ client has registered the document on it.
    const fresh = await listen(false);
    try {
      const client = createNewsClient({ url: fresh.url, persisted: "trusted", fetch });
      const error = await client.request(TopicPageDocument, { slug: "iran" }).catch((e) => e);
      expect(error).toMatchObject({ status: 404, codes: ["PERSISTED_QUERY_NOT_FOUND"] });
      expect(requests).toHaveLength(1);
    } finally {
      fresh.server.close();
    }
  });

  it("reports a server it cannot reach with status 0 and the network error as cause", async () => {
    const client = createNewsClient({ url: "http://127.0.0.1:1/graphql" });
    const error = await client.request(HomeFeedDocument).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewsClientError);
    expect(error).toMatchObject({ status: 0, errors: [] });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("reports a proxy's HTML error page by its HTTP status", async () => {
    const client = createNewsClient({
      url: open.url,
      fetch: async () =>
        new Response("<h1>Bad gateway</h1>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    });
    const error = await client.request(HomeFeedDocument).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NewsClientError", status: 502, errors: [] });
  });

  it("keeps the partial data beside the errors", async () => {
    const client = createNewsClient({
      url: open.url,
      fetch: async () =>
        Response.json({
          data: { articles: null },
          errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
        }),
    });
    const error = await client.request(HomeFeedDocument).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 200,
      data: { articles: null },
      codes: ["INTERNAL_SERVER_ERROR"],
    });
  });
});

/** A fetch that records each request's method, URL, headers and body before sending it. */
function recordingFetch() {
  const requests: { method: string; url: URL; headers: Headers; body: unknown }[] = [];
  const recording: NewsFetch = async (url, init) => {
    requests.push({
      method: init.method,
      url: new URL(url),
      headers: new Headers(init.headers),
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    });
    return fetch(url, init);
  };
  return { fetch: recording, requests };
}

const hashOf = (document: { __meta__?: Record<string, unknown> | undefined }) =>
  String(document.__meta__!["hash"]).replace("sha256:", "");

describe("the SDK client's requests", () => {
  it("send the given headers, asking a function for them on every request", async () => {
    const seen: Headers[] = [];
    let token = 0;
    const client = createNewsClient({
      url: open.url,
      headers: () => ({ authorization: `Bearer ${++token}` }),
      fetch: async (input, init) => {
        seen.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    await client.request(HomeFeedDocument, { first: 1 });
    await client.request(HomeFeedDocument, { first: 1 });
    expect(seen.map((h) => h.get("authorization"))).toEqual(["Bearer 1", "Bearer 2"]);
    expect(seen[0]!.get("content-type")).toBe("application/json");
  });

  it("add a request's own headers over the client's", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createNewsClient({ url: open.url, headers: { "x-app": "web" }, fetch });
    await client.request(HomeFeedDocument, { first: 1 }, { headers: { "x-request-id": "42" } });
    expect(requests[0]!.headers.get("x-app")).toBe("web");
    expect(requests[0]!.headers.get("x-request-id")).toBe("42");
  });

  it("stop when the request's signal aborts, rejecting with the signal's reason", async () => {
    const controller = new AbortController();
    const client = createNewsClient({ url: open.url });
    controller.abort(new Error("the reader left the page"));
    const error = await client
      .request(HomeFeedDocument, undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toEqual(new Error("the reader left the page"));
  });

  it("send a trusted document as its hash alone over GET, never its text", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createNewsClient({ url: trusted.url, persisted: "trusted", fetch });
    const { person } = await client.request(PersonPageDocument, { slug: "donald-trump" });
    expect(person?.name).toBe("دونالد ترامب");
    expect(requests).toHaveLength(1);
    const [{ method, url, body }] = requests as [(typeof requests)[number]];
    expect({ method, body }).toEqual({ method: "GET", body: undefined });
    expect(JSON.parse(url.searchParams.get("variables")!)).toEqual({ slug: "donald-trump" });
    expect(JSON.parse(url.searchParams.get("extensions")!)).toEqual({
      persistedQuery: { version: 1, sha256Hash: hashOf(PersonPageDocument) },
    });
    expect(url.searchParams.has("query")).toBe(false);
  });

  it("send an APQ document's text once, on the miss, and its hash alone after that", async () => {
    const { fetch, requests } = recordingFetch();
    // A server of its own, so no other test has registered the document yet.
    const fresh = await listen(false);
    try {
      const client = createNewsClient({ url: fresh.url, persisted: "apq", fetch });
      const first = await client.request(TopicPageDocument, { slug: "north-korea" });
      const second = await client.request(TopicPageDocument, { slug: "north-korea" });
      expect(second).toEqual(first);
      expect(
        requests.map((r) => `${r.method} ${r.body ? Object.keys(r.body).join(",") : ""}`),
      ).toEqual(["GET ", "POST query,variables,extensions", "GET "]);
      expect((requests[1]!.body as { query: string }).query).toBe(TopicPageDocument.toString());
    } finally {
      fresh.server.close();
    }
  });
});

describe("a frontend file using the SDK", () => {
  it("fetches the main story's page, as tests/fixtures/client-usage.ts writes it", async () => {
    const page = await mainStoryPage(open.url);
    expect(page).toMatchObject({ headline: MAIN, paragraphs: 11 });
    expect(page!.related.slice(0, 4).map((r) => r.headline)).toEqual([
      ORESHNIK,
      MUKALLA,
      MACHADO,
      INTERVIEW,
    ]);
  });
});
