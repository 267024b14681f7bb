import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "./helpers.js";

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

  it("serves GraphiQL that needs no network: every script and style comes from the server itself", async () => {
    server = await startServer();
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("ArticlePage");
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });
});
