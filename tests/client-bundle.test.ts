import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { Rollup } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type * as Sdk from "../src/client/index.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore } from "./helpers.js";
import { bundleSdk, root } from "./sdk-bundle.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

let chunk: Rollup.OutputChunk;
beforeAll(async () => {
  chunk = await bundleSdk();
});

describe("the SDK bundled for a browser", () => {
  it("is made of src/client alone: no node: module, no dependency, no graphql runtime", () => {
    const modules = chunk.moduleIds.map((id) => id.slice(root.length));
    expect(modules.sort()).toEqual([
      "src/client/client.ts",
      "src/client/errors.ts",
      "src/client/generated/graphql.ts",
      "src/client/index.ts",
    ]);
    expect(chunk.imports).toEqual([]);
    expect(chunk.code).not.toMatch(/\bnode:|require\(/);
  });

  it("stays under 12 kB minified and 4 kB gzipped, every document included", () => {
    expect(chunk.code.length).toBeLessThan(12_000);
    expect(gzipSync(chunk.code).length).toBeLessThan(4_000);
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
