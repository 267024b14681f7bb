import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { Rollup } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type * as Sdk from "@news-graph/client";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore } from "./helpers.js";
import { bundleSdk, root } from "./sdk-bundle.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

/** An operation's definition as the documents spell it, e.g. "query HomeFeed(". */
const OPERATIONS = [
  ...["ArticlePage", "HomeFeed", "PersonPage", "SearchPage", "SearchSuggest", "TopicPage"].map(
    (name) => `query ${name}(`,
  ),
  ...["ArticlePublished", "ArticleUpdated"].map((name) => `subscription ${name}(`),
];

const sizes = (chunk: Rollup.OutputChunk) => ({
  minified: chunk.code.length,
  gzipped: gzipSync(chunk.code).length,
});

let chunk: Rollup.OutputChunk;
let articlePageOnly: Rollup.OutputChunk;
beforeAll(async () => {
  [chunk, articlePageOnly] = await Promise.all([
    bundleSdk("tests/fixtures/bundles/whole-sdk.ts"),
    bundleSdk("tests/fixtures/bundles/article-page-only.ts"),
  ]);
  console.info("SDK bundle sizes in bytes:", {
    wholeSdk: sizes(chunk),
    articlePageOnly: sizes(articlePageOnly),
  });
});

describe("the SDK bundled for a browser", () => {
  it("is the package's built modules alone (its index only re-exports): no node:, no dependency, no graphql runtime", () => {
    const modules = chunk.moduleIds
      .map((id) => id.slice(root.length))
      .filter((id) => !id.startsWith("tests/"));
    expect(modules.sort()).toEqual([
      "packages/client/dist/client.js",
      "packages/client/dist/error-codes.js",
      "packages/client/dist/errors.js",
      "packages/client/dist/event-stream.js",
      "packages/client/dist/generated/graphql.js",
    ]);
    expect(chunk.imports).toEqual([]);
    expect(chunk.code).not.toMatch(/\bnode:|require\(/);
    for (const operation of OPERATIONS) expect(chunk.code).toContain(operation);
  });

  it("stays under 16 kB minified and 4.5 kB gzipped, every document and subscribe included", () => {
    expect(sizes(chunk).minified).toBeLessThan(16_000);
    expect(sizes(chunk).gzipped).toBeLessThan(4_500);
  });

  it("keeps only the document an app imports: the article page's, none of the other seven", () => {
    expect(OPERATIONS.filter((operation) => articlePageOnly.code.includes(operation))).toEqual([
      "query ArticlePage(",
    ]);
    expect(sizes(articlePageOnly).gzipped).toBeLessThan(sizes(chunk).gzipped * 0.75);
  });

  it("fetches the main story's article page as it is, with only the platform's fetch", async () => {
    const store = await LowdbStore.open(await copyOfEmbeddedStore());
    const server = createServer(createApp({ store }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sdk: typeof Sdk = await import(
        /* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(chunk.code).toString("base64")}`
      );
      const client = sdk.createNewsClient({ url: `http://127.0.0.1:${port}/graphql` });
      const { article } = await client.request(sdk.ArticlePageDocument, { slug: MAIN_SLUG });
      expect(article?.related.edges.slice(0, 4).map((e) => e.reasons[0]?.kind)).toEqual([
        "EDITORIAL",
        "EDITORIAL",
        "EDITORIAL",
        "EDITORIAL",
      ]);
      const error = await client.request(sdk.HomeFeedDocument, { first: 101 }).catch((e) => e);
      expect(error).toBeInstanceOf(sdk.NewsClientError);
    } finally {
      server.close();
    }
  });
});
