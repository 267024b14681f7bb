import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { PersonPageDocument } from "@news-graph/client";
import { copyOfEmbeddedStore, startServer, type ServerProcess } from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

let server: ServerProcess | undefined;
afterEach(() => {
  server?.child.kill("SIGKILL");
  server = undefined;
});

describe("the server", () => {
  it("prints its URL, answers queries and health checks, and shuts down cleanly on SIGTERM", async () => {
    server = await startServer();
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ person(slug: "vladimir-putin") { name } }' }),
    });
    expect((await response.json()).data).toEqual({ person: { name: "فلاديمير بوتين" } });
    const health = await fetch(new URL("/health", server.url));
    expect(health.status).toBe(200);

    const exited = once(server.child, "exit");
    server.child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it("runs as npm start runs it, built to dist/: the embedded store and the SDK's persisted documents", async () => {
    const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
    server = await startServer({ TRUSTED_DOCUMENTS: "1" }, ["dist/server.js"]);
    const hash = String(PersonPageDocument.__meta__?.["hash"]);
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        variables: { slug: "vladimir-putin" },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    });
    const { data } = await response.json();
    expect(data.person.name).toBe("فلاديمير بوتين");
    expect(data.person.articles.totalCount).toBe(2);
    // Two tsc builds (the SDK package, then the server) and a start, on a shared 2-core machine.
  }, 120_000);

  it("logs a bad cursor as one line, without a stack, and keeps serving", async () => {
    server = await startServer({ NODE_ENV: "production" });
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ article(slug: "${MAIN_SLUG}") { related(after: "not a cursor") { totalCount } } }`,
      }),
    });
    const answer = await response.json();
    expect(answer.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    await expect.poll(() => server!.output()).toContain("Refused input: ");
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it("serves GraphiQL that needs no network: every script and style comes from the server itself", async () => {
    server = await startServer();
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("ArticlePage");
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });

  it("serves an ingest made while it runs, without a restart: new data, new search index", async () => {
    const store = await copyOfEmbeddedStore();
    server = await startServer({ NEWS_DB: store });
    const ask = async (query: string) =>
      (
        await fetch(server!.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query }),
        })
      ).json();
    const ORESHNIK = `{ article(slug: "bsarwkh-awryshnyk-mwskw-trd-ala-asthdaf-mqr-bwtyn") { bodyAvailable summaryTruncated } search(query: "وأضافت") { totalCount } }`;
    expect((await ask(ORESHNIK)).data).toEqual({
      article: { bodyAvailable: false, summaryTruncated: true },
      search: { totalCount: 1 },
    });

    const ingest = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/ingest/cli.ts",
        "--date",
        "2026-01-09",
        "tests/fixtures/oreshnik_page.txt",
      ],
      { env: { ...process.env, NEWS_DB: store }, encoding: "utf8" },
    );
    expect(ingest.status, ingest.stderr).toBe(0);

    // The teaser is now the full story, and its cut-off tail has left the search index.
    await expect
      .poll(async () => (await ask(ORESHNIK)).data, { timeout: 10_000, interval: 100 })
      .toEqual({
        article: { bodyAvailable: true, summaryTruncated: false },
        search: { totalCount: 0 },
      });
    expect(server.output()).toContain("Reloaded");
  });
});
