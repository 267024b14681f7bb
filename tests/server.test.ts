import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { copyOfEmbeddedStore } from "./helpers.js";

/** Starts `npm start`'s entry point as a real process on a free port, as a user would run it. */
async function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: { ...process.env, PORT: "0", NEWS_DB: await copyOfEmbeddedStore() },
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/(http:\/\/localhost:\d+\/graphql)/);
      if (match) resolve(match[1]!);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { child, url };
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
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
    expect(await response.json()).toEqual({ data: { person: { name: "فلاديمير بوتين" } } });
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
