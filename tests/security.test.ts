import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { Lexer, Source, TokenKind } from "graphql";
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
    const variables = { slug: MAIN_SLUG, query: "بوتين", prefix: "بو", first: 20 };
    const costs: Record<string, number> = {};
    // Subscriptions answer in streams: tests/live.test.ts runs them.
    const queries = Object.values(manifest).filter(
      (document) => !/\bsubscription \w+/.test(document),
    );
    for (const document of queries) {
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
      "SearchSuggest",
      "TopicPage",
    ]);
    for (const cost of Object.values(costs)) expect(cost).toBeLessThanOrEqual(LIMITS.cost);
  });
});

/** Lexical tokens in a document, as graphql-js counts them for its token limit (no <EOF>). */
function tokensIn(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

describe("each limit at its bound: just inside passes, one over is refused", () => {
  const repeat = (n: number, text: string) =>
    Array.from({ length: n }, (_, i) => text.replace("#", `${i}`)).join(" ");
  /** Depth 8: topics → edges → node → articles → edges → node → topics → name. */
  const depth8 =
    "{ topics { edges { node { articles { edges { node { topics { name } } } } } } } }";
  const depth9 =
    "{ topics { edges { node { articles { edges { node { topics { articles { totalCount } } } } } } } } }";
  /**
   * A document of exactly `count` lexical tokens, counted by graphql-js's own lexer: repeated
   * `__typename`s spread over two selection sets (graphql-js gives up validating one set of a
   * thousand same fields, so one set would be refused for another reason).
   */
  const withTokens = (count: number) => {
    const sets = [0, 0];
    const documentOf = () => {
      const [root, node] = sets.map((n) => repeat(n, "__typename"));
      return `{ ${root} articles(first: 1) { edges { node { ${node} } } } }`;
    };
    for (let i = 0; tokensIn(documentOf()) < count; i++) sets[i % 2]! += 1;
    expect(tokensIn(documentOf())).toBe(count);
    return documentOf();
  };
  /** 1 + 100 × (1 + 1 + 47) for x, 1 + y for the other list: 4,902 + y objects. */
  const costOf = (y: number) =>
    `{ x: articles(first: 100) { edges { node { related(first: 47) { edges { node { id } } } } } } y: articles(first: ${y}) { edges { node { id } } } }`;
  const cases: [limit: string, inside: string, over: string, code: string][] = [
    ["depth", depth8, depth9, "QUERY_TOO_DEEP"],
    [
      "aliases",
      `{ ${repeat(LIMITS.aliases, "a#: __typename")} }`,
      `{ ${repeat(LIMITS.aliases + 1, "a#: __typename")} }`,
      "TOO_MANY_ALIASES",
    ],
    [
      "directives",
      `{ ${repeat(LIMITS.directives, "__typename @include(if: true)")} }`,
      `{ ${repeat(LIMITS.directives + 1, "__typename @include(if: true)")} }`,
      "TOO_MANY_DIRECTIVES",
    ],
    ["tokens", withTokens(LIMITS.tokens), withTokens(LIMITS.tokens + 1), "GRAPHQL_PARSE_FAILED"],
    ["cost", costOf(LIMITS.cost - 4902), costOf(LIMITS.cost - 4901), "QUERY_TOO_COSTLY"],
    [
      "page size",
      "{ articles(first: 100) { totalCount } }",
      "{ articles(first: 101) { totalCount } }",
      "BAD_USER_INPUT",
    ],
    [
      "search length",
      `{ search(query: "${"ب".repeat(500)}") { totalCount } }`,
      `{ search(query: "${"ب".repeat(501)}") { totalCount } }`,
      "BAD_USER_INPUT",
    ],
  ];

  for (const [limit, inside, over, code] of cases) {
    it(`${limit}`, async () => {
      const { app } = await testApp();
      const accepted = await query(app, inside);
      expect(accepted.errors, limit).toBeUndefined();
      if (limit === "cost") expect(accepted.extensions?.cost?.requested).toBe(LIMITS.cost);
      const refused = await query(app, over);
      expect(errorCodes(refused)).toEqual([code]);
      if (limit === "cost") expect(refused.extensions).toBeUndefined();
    });
  }

  it("are the README's numbers: changing one means changing what the README promises", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const table = readme.split("## Security and limits")[1]!.split("\n\n")[2]!;
    const value = (bound: string) =>
      Number(table.match(new RegExp(`^\\| ${bound} +\\| ([\\d,]+)`, "m"))![1]!.replace(",", ""));
    expect({
      bodyBytes: value("request body") * 1024,
      tokens: value("tokens"),
      depth: value("depth"),
      aliases: value("aliases"),
      directives: value("directives"),
      validationErrors: value("validation errors"),
      cost: value("cost"),
      streamsPerClient: value("streams per address"),
      streamsPerProcess: value("streams per process"),
      streamBacklog: value("stream backlog"),
    }).toEqual(LIMITS);
  });

  it(`body size: ${LIMITS.bodyBytes} bytes run, one more is a 413`, async () => {
    const { app } = await testApp();
    const bodyOf = (bytes: number) => {
      const empty = JSON.stringify({ query: "{ __typename }", variables: { pad: "" } });
      return JSON.stringify({
        query: "{ __typename }",
        variables: { pad: "x".repeat(bytes - empty.length) },
      });
    };
    const headers = { "content-type": "application/json" };
    const inside = await post(app, bodyOf(LIMITS.bodyBytes), headers);
    expect((await inside.json()).data).toEqual({ __typename: "Query" });
    expect((await post(app, bodyOf(LIMITS.bodyBytes + 1), headers)).status).toBe(413);
  });

  it(`validation errors: at most ${LIMITS.validationErrors} in an answer`, async () => {
    const { app } = await testApp();
    const unknown = (n: number) => `{ ${repeat(n, "nope#")} }`;
    const few = await query(app, unknown(LIMITS.validationErrors - 1));
    expect(few.errors).toHaveLength(LIMITS.validationErrors - 1);
    expect(few.errors!.every((error) => /nope/.test(error.message))).toBe(true);
    const many = await query(app, unknown(100));
    expect(many.status).toBe(400);
    expect(many.errors).toHaveLength(LIMITS.validationErrors);
    expect(many.errors!.at(-1)!.message).toMatch(/Too many validation errors/);
  });
});
