import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY, type App } from "../src/app.js";
import { LIMITS } from "../src/limits.js";
import { sdkManifestPath } from "../src/trusted-documents.js";
import { errorCodes, query, testApp } from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

const post = (app: App, body: string, headers: Record<string, string>) =>
  app.fetch("http://localhost/graphql", { method: "POST", body, headers });

describe("production mode", () => {
  it("serves no GraphiQL, answers no introspection and suggests no field names", async () => {
    const { app } = await testApp({ mode: "production" });
    const page = await app.fetch("http://localhost/graphql", { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(html).not.toContain("graphiql");
    expect(html).toContain("GraphiQL is off in production");
    expect(html).toContain("INTROSPECTION=1");
    expect(html).toContain("@news-graph/client");
    const introspection = await query(app, "{ __schema { types { name } } }");
    expect(introspection.status).toBe(400);
    expect(introspection.data).toBeUndefined();
    const typo = await query(app, "{ articlez { totalCount } }");
    expect(errorCodes(typo)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean|articles/);
  });

  it("turns introspection back on when asked, and still serves queries", async () => {
    const { app } = await testApp({ mode: "production", introspection: true });
    const result = await query(app, '{ __type(name: "Article") { description } }');
    expect(result.data.__type.description).toMatch(/^A news story/);
    expect((await query(app, DEFAULT_QUERY)).data.article.related.edges).toHaveLength(4);
  });

  it("is not what development mode is: GraphiQL and introspection there", async () => {
    const { app } = await testApp();
    const page = await app.fetch("http://localhost/graphql", { headers: { accept: "text/html" } });
    expect(await page.text()).toContain("ArticlePage");
    expect(
      (await query(app, "{ __schema { queryType { name } } }")).data.__schema.queryType.name,
    ).toBe("Query");
  });
});

describe("CORS", () => {
  const preflight = (app: App, origin: string) =>
    app.fetch("http://localhost/graphql", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

  it("lets a configured origin call with credentials", async () => {
    const { app } = await testApp({ corsOrigins: ["https://news.example"] });
    const response = await preflight(app, "https://news.example");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://news.example");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("gives a foreign origin no echo and no credentials", async () => {
    const { app } = await testApp({ corsOrigins: ["https://news.example"] });
    for (const response of [
      await preflight(app, "https://evil.example"),
      await app.fetch("http://localhost/graphql?query=%7B__typename%7D", {
        headers: { origin: "https://evil.example" },
      }),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });
});

describe("CSRF", () => {
  for (const contentType of [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
  ]) {
    it(`refuses a ${contentType.split(";")[0]} POST without the CSRF header`, async () => {
      const { app, calls } = await testApp();
      const response = await post(app, '{"query":"{ articles { totalCount } }"}', {
        "content-type": contentType,
      });
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0].extensions.code).toBe("CSRF_HEADER_REQUIRED");
      expect(calls.size).toBe(0);
    });
  }

  it("keeps GET open for queries, so CDNs can cache them, and never runs a mutation over it", async () => {
    const { app } = await testApp();
    const response = await app.fetch(
      `http://localhost/graphql?query=${encodeURIComponent("{ articles { totalCount } }")}`,
    );
    expect((await response.json()).data.articles.totalCount).toBe(5);
  });
});

describe("request bounds", () => {
  it(`refuses a body over ${LIMITS.bodyBytes} bytes with 413, before parsing it`, async () => {
    const { app, calls } = await testApp();
    const body = JSON.stringify({ query: "{ __typename }", padding: "ب".repeat(LIMITS.bodyBytes) });
    const response = await post(app, body, { "content-type": "application/json" });
    expect(response.status).toBe(413);
    expect(calls.size).toBe(0);
  });

  it("takes a 5,000-character Arabic search within the body bound (and refuses it as too long)", async () => {
    const { app } = await testApp();
    const result = await query(app, "query($q: String!) { search(query: $q) { totalCount } }", {
      q: "صاروخ ".repeat(834).slice(0, 5000),
    });
    expect(result.status).toBe(200);
    expect(errorCodes(result)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses a batched array of operations", async () => {
    const { app, calls } = await testApp();
    const body = JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]);
    const response = await post(app, body, {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
    });
    expect(response.status).toBe(400);
    expect(calls.size).toBe(0);
  });
});

describe("query limits", () => {
  const nest = (levels: number): string =>
    levels === 0 ? "id" : `related(first: 100) { edges { node { ${nest(levels - 1)} } } }`;

  it("refuses articles(first: 100) with related(first: 100) nested four times before any resolver runs", async () => {
    const { app, calls } = await testApp();
    const result = await query(app, `{ articles(first: 100) { edges { node { ${nest(3)} } } } }`);
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(["QUERY_TOO_DEEP"]);
    expect(calls.size).toBe(0);
  });

  it("refuses by cost a shallow query whose page sizes multiply past the limit", async () => {
    const { app, calls } = await testApp();
    const result: any = await query(
      app,
      `{ articles(first: 100) { edges { node { ${nest(1)} } } } }`,
    );
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(["QUERY_TOO_COSTLY"]);
    expect(result.errors[0].extensions.cost).toEqual({ requested: 10_201, limit: LIMITS.cost });
    expect(calls.size).toBe(0);
  });

  it("counts a page size given as a variable", async () => {
    const { app } = await testApp();
    const document = `query($n: Int) { articles(first: $n) { edges { node { related(first: $n) { edges { node { id } } } } } } }`;
    expect((await query(app, document, { n: 10 })).extensions?.cost).toEqual({
      requested: 121,
      limit: LIMITS.cost,
    });
    expect(errorCodes(await query(app, document, { n: 100 }))).toEqual(["QUERY_TOO_COSTLY"]);
  });

  it("tells an absent page size, which takes its default, from an explicit null", async () => {
    const { app } = await testApp();
    const document = `query($n: Int = 100) { articles(first: $n) { edges { node { related(first: $n) { edges { node { id } } } } } } }`;
    expect((await query(app, document, { n: null })).extensions?.cost?.requested).toBe(441);
    const absent = await query(app, document, {});
    expect(errorCodes(absent)).toEqual(["QUERY_TOO_COSTLY"]);
    expect((absent.errors![0]!.extensions as any).cost.requested).toBe(10_201);
  });

  it("costs one document anew for each page size, as a fresh server would", async () => {
    const { app } = await testApp();
    const document = `query($n: Int, $more: Boolean!, $after: String) {
      articles(first: $n, after: $after) { edges { node { id topics @include(if: $more) { id } } } }
    }`;
    const cases = [
      [{ n: 2, more: false }, 5],
      [{ n: 5, more: false }, 11],
      // Fields under @include count whatever the condition: the cost is an upper bound.
      [{ n: 5, more: true }, 11],
      [{ n: 5, more: true, after: null, unused: 1 }, 11],
      [{ n: 2, more: false }, 5],
    ] as const;
    for (const [variables, expected] of cases) {
      const { app: fresh } = await testApp();
      const cost = (await query(app, document, variables)).extensions?.cost?.requested;
      expect(cost).toBe((await query(fresh, document, variables)).extensions?.cost?.requested);
      expect(cost).toBe(expected);
    }
  });

  it("accepts every query of the SDK, and tells each its cost", async () => {
    const { app } = await testApp();
    const manifest: Record<string, string> = JSON.parse(await readFile(sdkManifestPath, "utf8"));
    const variables = { slug: MAIN_SLUG, query: "بوتين", first: 20 };
    const costs: Record<string, number> = {};
    for (const document of Object.values(manifest)) {
      const name = document.match(/query (\w+)/)![1]!;
      const slug =
        name === "TopicPage" ? "russia" : name === "PersonPage" ? "vladimir-putin" : MAIN_SLUG;
      const result: any = await query(app, document, { ...variables, slug });
      expect(result.errors, name).toBeUndefined();
      costs[name] = result.extensions.cost.requested;
    }
    expect(Object.keys(costs).sort()).toEqual([
      "ArticlePage",
      "HomeFeed",
      "PersonPage",
      "SearchPage",
      "TopicPage",
    ]);
    for (const cost of Object.values(costs)) expect(cost).toBeLessThanOrEqual(LIMITS.cost);
  });
});
