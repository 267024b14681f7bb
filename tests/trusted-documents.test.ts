import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp, type App } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import {
  loadTrustedDocuments,
  sdkManifestPath,
  trustedDocumentsFromSetting,
  type TrustedDocuments,
} from "../src/trusted-documents.js";
import {
  copyOfEmbeddedStore,
  errorCodes,
  startServer,
  type GraphQLResponse,
  type ServerProcess,
} from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

/** Variables that make each SDK operation find seed content; a new operation must add its own. */
const variablesOf: Record<string, Record<string, unknown>> = {
  HomeFeed: { first: 2 },
  ArticlePage: { slug: MAIN_SLUG },
  TopicPage: { slug: "north-korea" },
  PersonPage: { slug: "vladimir-putin" },
  SearchPage: { query: "بوتين" },
  SearchSuggest: { prefix: "بو" },
};

const operationName = (document: string): string => document.match(/\bquery (\w+)/)![1]!;

let manifest: TrustedDocuments;
let app: App;
beforeAll(async () => {
  manifest = await loadTrustedDocuments([sdkManifestPath]);
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  app = createApp({ store, trustedDocuments: manifest });
});

/** Posts a JSON body to the app, as any client would. */
async function post(body: unknown): Promise<GraphQLResponse> {
  const response = await app.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...(await response.json()) };
}

const byHash = (hash: string, variables?: Record<string, unknown>) =>
  post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe("trusted-documents mode", () => {
  it("runs every document of the SDK's manifest, named by its hash", async () => {
    // Its subscriptions stream: tests/live.test.ts opens one by hash in this mode.
    const entries = Object.entries(manifest).filter(([, d]) => !/\bsubscription \w+/.test(d));
    expect(entries.map(([, document]) => operationName(document)).sort()).toEqual(
      Object.keys(variablesOf).sort(),
    );
    for (const [id, document] of entries) {
      const result = await byHash(id.replace(/^sha256:/, ""), variablesOf[operationName(document)]);
      expect(result.errors, operationName(document)).toBeUndefined();
      expect(result.status).toBe(200);
      expect(Object.values(result.data)[0], operationName(document)).not.toBeNull();
    }
  });

  it("accepts the hash with its sha256: prefix too", async () => {
    const [id] = Object.entries(manifest).find(([, d]) => operationName(d) === "ArticlePage")!;
    const result = await byHash(id, variablesOf.ArticlePage);
    expect(result.errors).toBeUndefined();
    expect(result.data.article.slug).toBe(MAIN_SLUG);
  });

  it("refuses query text with PERSISTED_QUERY_ONLY, even the text of a trusted document", async () => {
    const arbitrary = await post({ query: "{ articles(first: 100) { edges { node { body } } } }" });
    expect(arbitrary.status).toBe(400);
    expect(errorCodes(arbitrary)).toEqual(["PERSISTED_QUERY_ONLY"]);
    expect(arbitrary.errors![0]!.message).toMatch(/trusted documents only/);
    expect(arbitrary.data).toBeUndefined();

    const trustedText = await post({ query: Object.values(manifest)[0], variables: variablesOf });
    expect(errorCodes(trustedText)).toEqual(["PERSISTED_QUERY_ONLY"]);
  });

  it("refuses a hash that is not in the manifest with PERSISTED_QUERY_NOT_FOUND", async () => {
    const result = await byHash("0".repeat(64));
    expect(result.status).toBe(404);
    expect(errorCodes(result)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("refuses a request with neither hash nor query with PERSISTED_QUERY_ID_REQUIRED", async () => {
    const result = await post({ variables: {} });
    expect(result.status).toBe(400);
    expect(errorCodes(result)).toEqual(["PERSISTED_QUERY_ID_REQUIRED"]);
  });

  it("refuses a query sent over GET as well", async () => {
    const response = await app.fetch(
      `http://localhost/graphql?query=${encodeURIComponent("{ articles { totalCount } }")}`,
      { headers: { accept: "application/graphql-response+json" } },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(await response.json())).toEqual(["PERSISTED_QUERY_ONLY"]);
  });

  it("leaves the http status out of the error the client sees", async () => {
    const result = await post({ query: "{ __typename }" });
    expect(result.errors![0]!.extensions).toEqual({ code: "PERSISTED_QUERY_ONLY" });
  });
});

describe("the TRUSTED_DOCUMENTS setting", () => {
  it("is off when unset, empty or 0, and trusts the SDK's manifest when 1", async () => {
    expect(await trustedDocumentsFromSetting(undefined)).toBeUndefined();
    expect(await trustedDocumentsFromSetting("")).toBeUndefined();
    expect(await trustedDocumentsFromSetting("0")).toBeUndefined();
    expect(await trustedDocumentsFromSetting("1")).toEqual(manifest);
  });

  it("merges the manifests a comma-separated list names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "news-graph-manifest-"));
    const other = join(dir, "app.json");
    const document = "query Other { articles { totalCount } }";
    const id = `sha256:${createHash("sha256").update(document).digest("hex")}`;
    await writeFile(other, JSON.stringify({ [id]: document }));
    const merged = await trustedDocumentsFromSetting(`${sdkManifestPath}, ${other}`);
    expect(merged).toEqual({ ...manifest, [id]: document });
  });

  it("refuses a manifest whose ids are not the hashes of their documents", async () => {
    const dir = await mkdtemp(join(tmpdir(), "news-graph-manifest-"));
    const tampered = join(dir, "tampered.json");
    const [id] = Object.keys(manifest);
    await writeFile(
      tampered,
      JSON.stringify({ [id!]: "{ articles { edges { node { body } } } }" }),
    );
    await expect(loadTrustedDocuments([tampered])).rejects.toThrow(/not the sha256/);
  });
});

describe("the server with TRUSTED_DOCUMENTS=1", () => {
  let server: ServerProcess | undefined;
  afterEach(() => server?.child.kill("SIGKILL"));

  it("says so when it starts, runs the SDK's hashes and refuses query text", async () => {
    server = await startServer({ TRUSTED_DOCUMENTS: "1" });
    const { url } = server;
    await vi.waitFor(() =>
      expect(server?.output()).toContain(
        `Trusted documents only: ${Object.keys(manifest).length} in the manifest`,
      ),
    );

    const send = (body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const [id, document] = Object.entries(manifest)[0]!;
    const byId = await send({
      variables: variablesOf[operationName(document)],
      extensions: { persistedQuery: { version: 1, sha256Hash: id.slice("sha256:".length) } },
    });
    expect(byId.status).toBe(200);
    expect((await byId.json()).errors).toBeUndefined();
    const text = await send({ query: "{ articles { totalCount } }" });
    expect(text.status).toBe(400);
    expect(errorCodes(await text.json())).toEqual(["PERSISTED_QUERY_ONLY"]);
  });
});
