import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArticlePageDocument,
  HomeFeedDocument,
  PersonPageDocument,
  SearchPageDocument,
  TopicPageDocument,
} from "news-graph/client";
import { createApp, createYogaServer, type App, type AppOptions } from "../src/app.js";
import { answerDirectly } from "../src/http/direct.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import { copyOfEmbeddedStore, countCalls } from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

/** The SDK's pages with variables that name real things in the seed store. */
const PAGES = [
  { document: HomeFeedDocument, variables: { first: 5 } },
  { document: ArticlePageDocument, variables: { slug: MAIN_SLUG } },
  { document: TopicPageDocument, variables: { slug: "moscow" } },
  { document: PersonPageDocument, variables: { slug: "vladimir-putin" } },
  { document: SearchPageDocument, variables: { query: "بوتين" } },
];

/** Every Accept header the direct lane answers itself, and none (curl, server-side fetch). */
const ACCEPTS = [
  undefined,
  "*/*",
  "application/json",
  "application/graphql-response+json",
  "application/graphql-response+json, application/json",
];

const textBody = ({ document, variables }: (typeof PAGES)[number]) =>
  JSON.stringify({ query: document.toString(), variables });
const hashBody = ({ document, variables }: (typeof PAGES)[number]) =>
  JSON.stringify({
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: document.__meta__?.["hash"] } },
  });

interface Listening {
  app: App;
  url: string;
  calls: Map<string, number>;
  store: LowdbStore;
}

const servers: Server[] = [];
async function listen(options: Omit<AppOptions, "store"> = {}): Promise<Listening> {
  const lowdb = await LowdbStore.open(await copyOfEmbeddedStore());
  const { store, calls } = countCalls(lowdb);
  const app = createApp({ store, ...options });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/graphql`, calls, store: lowdb };
}
afterAll(() => servers.forEach((server) => server.close()));

const post = (target: string | App, body: string, headers: Record<string, string> = {}) => {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  };
  return typeof target === "string"
    ? fetch(target, init)
    : target.fetch("http://127.0.0.1/graphql", init);
};

/** What a client can see of an answer: status, content type, the exact bytes. */
const seen = async (response: Response) => ({
  status: response.status,
  contentType: response.headers.get("content-type"),
  body: await response.text(),
});

describe("answers over HTTP, direct lane or not, are exactly yoga's", () => {
  let open: Listening;
  let trusted: Listening;
  beforeAll(async () => {
    // No response cache: each request below runs, so the lanes are compared, not the cache.
    open = await listen({ responseCache: false });
    trusted = await listen({
      responseCache: false,
      trustedDocuments: await loadTrustedDocuments([sdkManifestPath]),
    });
  });

  it.each(ACCEPTS.map((accept) => [accept ?? "no Accept header", accept]))(
    "for every SDK page with %s",
    async (_label, accept) => {
      const headers: Record<string, string> = accept ? { accept } : {};
      for (const page of PAGES) {
        const overHttp = await seen(await post(open.url, textBody(page), headers));
        const throughYoga = await seen(await post(open.app, textBody(page), headers));
        expect(overHttp.status).toBe(200);
        expect(JSON.parse(overHttp.body).errors).toBeUndefined();
        expect(overHttp).toEqual(throughYoga);
      }
    },
  );

  it("for the SDK's hashes on a trusted-documents server, and its refusal of query text", async () => {
    for (const page of PAGES) {
      const overHttp = await seen(await post(trusted.url, hashBody(page)));
      expect(overHttp.status).toBe(200);
      expect(overHttp).toEqual(await seen(await post(trusted.app, hashBody(page))));
    }
    const refused = await seen(await post(trusted.url, textBody(PAGES[0]!)));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
    expect(refused).toEqual(await seen(await post(trusted.app, textBody(PAGES[0]!))));
  });

  it("for answers with errors: bad variables, a partial failure, a parse error, a batch", async () => {
    const bodies = [
      JSON.stringify({ query: HomeFeedDocument.toString(), variables: { first: "many" } }),
      JSON.stringify({
        query: `{ articles { totalCount } bad: articles(first: 101) { totalCount } }`,
      }),
      JSON.stringify({ query: "{ articles {" }),
      JSON.stringify([{ query: "{ articles { totalCount } }" }]),
    ];
    for (const body of bodies) {
      for (const accept of ["application/json", "application/graphql-response+json"]) {
        const overHttp = await seen(await post(open.url, body, { accept }));
        expect(JSON.parse(overHttp.body).errors.length).toBeGreaterThan(0);
        expect(overHttp).toEqual(await seen(await post(open.app, body, { accept })));
      }
    }
  });
});

describe("the direct lane", () => {
  let yoga: ReturnType<typeof createYogaServer>;
  const home = textBody(PAGES[0]!);
  const plain = { "content-type": "application/json", host: "127.0.0.1" };
  beforeAll(async () => {
    yoga = createYogaServer({ store: await LowdbStore.open(await copyOfEmbeddedStore()) });
  });

  it("answers a plain JSON POST that succeeds, with the articles it asked for", async () => {
    const answer = await answerDirectly(yoga, { url: "/graphql", headers: plain, body: home }, {});
    expect(answer?.headers["content-type"]).toBe("application/json; charset=utf-8");
    const edges = JSON.parse(String(answer!.body)).data.articles.edges;
    expect(edges).toHaveLength(5);
    expect(edges[0].node.headline).toBe("ترامب: أخلاقي تمنعني من شن عمليات عسكرية");
  });

  it("answers an error itself, once, with yoga's status for it", async () => {
    const nope = JSON.stringify({ query: "{ nope }" });
    const accept = "application/graphql-response+json";
    const answer = await answerDirectly(
      yoga,
      { url: "/graphql", headers: { ...plain, accept }, body: nope },
      {},
    );
    expect(answer?.status).toBe(400);
    expect(JSON.parse(String(answer!.body)).errors[0].extensions.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
  });

  it("leaves to yoga a browser's cross-origin request, an unknown Accept, another path, and refusals before execution", async () => {
    const cases = [
      { url: "/graphql", headers: { ...plain, origin: "https://news.example" }, body: home },
      { url: "/graphql", headers: { ...plain, accept: "text/event-stream" }, body: home },
      { url: "/graphql?x=1", headers: plain, body: home },
      {
        url: "/graphql",
        headers: plain,
        body: JSON.stringify([{ query: "{ articles { totalCount } }" }]),
      },
      { url: "/graphql", headers: plain, body: JSON.stringify({ variables: {} }) },
    ];
    for (const request of cases) {
      expect(await answerDirectly(yoga, request, {})).toBeUndefined();
    }
  });
});

describe("the response cache over HTTP", () => {
  const home = textBody(PAGES[0]!);

  it("keeps an answer from its second request on, then answers from memory: same bytes and ETag, no reads", async () => {
    const { url, calls } = await listen();
    const first = await post(url, home);
    const firstBody = await first.text();
    const readsOnce = calls.get("articlePages");
    expect(readsOnce).toBeGreaterThan(0);
    // Seen once: not kept (nor hashed), so the second request runs again and is kept.
    expect(first.headers.get("etag")).toBeNull();
    const second = await post(url, home);
    expect(await second.text()).toBe(firstBody);
    expect(calls.get("articlePages")).toBe(2 * readsOnce!);
    expect(second.headers.get("etag")).toMatch(/^[0-9a-f]{64}$/);
    calls.clear();
    const third = await post(url, home);
    expect(await third.text()).toBe(firstBody);
    expect(third.headers.get("etag")).toBe(second.headers.get("etag"));
    expect(calls.size).toBe(0);
  });

  it("keeps answers to different Accept headers apart, each with its own content type", async () => {
    const { url } = await listen();
    const json = await post(url, home, { accept: "application/json" });
    const graphqlJson = await post(url, home, { accept: "application/graphql-response+json" });
    const jsonAgain = await post(url, home, { accept: "application/json" });
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(graphqlJson.headers.get("content-type")).toBe(
      "application/graphql-response+json; charset=utf-8",
    );
    expect(jsonAgain.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("answers 304 to a matching If-None-Match, even for an answer not kept yet; Cache-Control only over GET", async () => {
    const { url } = await listen();
    const first = await post(url, home);
    expect(first.headers.get("cache-control")).toBeNull();
    const etag = (await post(url, home)).headers.get("etag")!;
    expect(await (await post(url, home, { "if-none-match": etag })).text()).toBe("");
    expect((await post(url, home, { "if-none-match": etag })).status).toBe(304);
    const other = textBody(PAGES[3]!);
    const otherEtag = (await post(url, other)).headers.get("etag");
    expect(otherEtag).toBeNull();
    const changed = await post(url, other, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    const revalidated = await post(url, other, { "if-none-match": changed.headers.get("etag")! });
    expect(revalidated.status).toBe(304);
    const getUrl = `${url}?query=${encodeURIComponent("{ articles { totalCount } }")}`;
    const viaGet = await fetch(getUrl);
    expect(viaGet.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
  });

  it("serves the new data as soon as the store changes", async () => {
    const { url, store } = await listen();
    const putin = JSON.stringify({
      query: `{ person(slug: "vladimir-putin") { articles { totalCount } } }`,
    });
    const count = async () =>
      (await (await post(url, putin)).json()).data.person.articles.totalCount;
    expect(await count()).toBe(2);
    const data = await store.snapshot();
    data.articles = data.articles.filter((article) => !article.headline.startsWith("بصاروخ"));
    await store.replace(data);
    expect(await count()).toBe(1);
  });
});
