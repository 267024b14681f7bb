import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auditServer, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type AppOptions } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import { copyOfEmbeddedStore } from "./helpers.js";

/** The app behind a real node:http server on a free port of 127.0.0.1, as clients reach it. */
async function listen(
  options: Omit<AppOptions, "store">,
): Promise<{ server: Server; url: string }> {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  const server = createServer(createApp({ store, ...options }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}

/** One answer the server gave to an audit's request. */
interface Exchange {
  request: string;
  status: number;
  body: string;
}

/** Runs graphql-http's whole audit suite against `url`, keeping every request and answer. */
async function audit(url: string): Promise<{ results: AuditResult[]; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    exchanges.push({
      request: `${init?.method ?? "GET"} ${String(input)} ${String(init?.body ?? "")}`,
      status: response.status,
      body: await response.clone().text(),
    });
    return response;
  };
  return { results: await auditServer({ url, fetchFn }), exchanges };
}

const failing = (results: AuditResult[], level: "MUST" | "SHOULD") =>
  results.filter((r) => r.name.startsWith(`${level} `) && r.status !== "ok");

const describeFailures = (results: AuditResult[]) =>
  results.map((r) => `${r.id} ${r.name}: ${r.status === "ok" ? "" : r.reason}`).join("\n");

/** The audit ids the README's "graphql-http audit" subsection lists as failing SHOULDs. */
async function readmeFailingShoulds(): Promise<string[]> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split("### graphql-http audit\n")[1]?.split(/\n#{2,3} /)[0];
  if (section === undefined) throw new Error('README.md has no "### graphql-http audit"');
  return [...section.matchAll(/^- `([0-9A-Z]{4})` SHOULD /gm)].map(([, id]) => id!);
}

const servers: Server[] = [];
let open: { results: AuditResult[] };
let trusted: { url: string; exchanges: Exchange[] };
beforeAll(async () => {
  const [a, b] = await Promise.all([
    listen({}),
    listen({ trustedDocuments: await loadTrustedDocuments([sdkManifestPath]) }),
  ]);
  servers.push(a.server, b.server);
  open = await audit(a.url);
  trusted = { url: b.url, ...(await audit(b.url)) };
});
afterAll(() => servers.forEach((server) => server.close()));

describe("the GraphQL-over-HTTP audit of graphql-http, against the real server", () => {
  it("runs the whole suite: 61 audits, 13 of them MUST", () => {
    expect(open.results).toHaveLength(61);
    expect(open.results.filter((r) => r.name.startsWith("MUST "))).toHaveLength(13);
  });

  it("passes every MUST audit", () => {
    const musts = failing(open.results, "MUST");
    expect(musts, `failing MUST audits:\n${describeFailures(musts)}`).toEqual([]);
  });

  it("fails exactly the SHOULD audits the README lists, each with its reason", async () => {
    const shoulds = failing(open.results, "SHOULD");
    expect(
      shoulds.map((r) => r.id),
      `failing SHOULD audits:\n${describeFailures(shoulds)}`,
    ).toEqual(await readmeFailingShoulds());
  });
});

describe("a server in trusted-documents mode", () => {
  it("answers every request of the audit suite with a 4xx, never a 500", () => {
    expect(trusted.exchanges.length).toBeGreaterThanOrEqual(61);
    const notClientErrors = trusted.exchanges.filter((e) => e.status < 400 || e.status >= 500);
    expect(notClientErrors).toEqual([]);
  });

  it("answers each of them with a GraphQL error that has a message and a code", () => {
    for (const { request, body } of trusted.exchanges) {
      const { data, errors } = JSON.parse(body);
      expect(data, request).toBeUndefined();
      expect(errors.length, request).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.message, request).toEqual(expect.any(String));
        expect(error.extensions?.code, request).toEqual(expect.any(String));
      }
    }
  });

  it("refuses arbitrary documents over GET and POST with a 400 and PERSISTED_QUERY_ONLY", async () => {
    const documents = [
      "{ __typename }",
      "{ __schema { types { name } } }",
      "{ articles(first: 100) { edges { node { related(first: 100) { totalCount } } } } }",
      "mutation { __typename }",
      "{ articles {",
    ];
    for (const document of documents) {
      const get = await fetch(`${trusted.url}?query=${encodeURIComponent(document)}`, {
        headers: { accept: "application/graphql-response+json" },
      });
      const post = await fetch(trusted.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: document }),
      });
      for (const response of [get, post]) {
        expect(response.status, document).toBe(400);
        const { errors } = await response.json();
        expect(errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
          "PERSISTED_QUERY_ONLY",
        ]);
      }
    }
  });
});
