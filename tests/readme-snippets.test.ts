import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNewsClient } from "@news-graph/client";
import { createApp } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import * as apollo from "../examples/snippets/apollo-client.js";
import { searchAsYouType } from "../examples/snippets/browser.js";
import * as tanstack from "../examples/snippets/tanstack-query.js";
import * as urql from "../examples/snippets/urql.js";
import { createReceiver } from "../examples/snippets/webhook-receiver.mjs";
import { ingestPages } from "../src/ingest/ingest.js";
import { startDelivery } from "../src/webhooks/delivery.js";
import { JsonCursorStore } from "../src/webhooks/json-cursors.js";
import { copyOfEmbeddedStore } from "./helpers.js";
import { seedDate, seedText, tempDir } from "./ingest-fixtures.js";
import { MAIN, MAIN_SLUG, READ_MORE } from "./seed.js";

const snippetsDir = fileURLToPath(new URL("../examples/snippets/", import.meta.url));

/** Each request a server saw: method, and whether it carried the query text. */
interface Seen {
  method: string;
  withText: boolean;
}

/** The app on a real port, recording each GraphQL request it answers. */
async function listen(trusted: boolean) {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  const trustedDocuments = trusted ? await loadTrustedDocuments([sdkManifestPath]) : undefined;
  const app = createApp({ store, trustedDocuments });
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk));
    request.on("end", () => {
      seen.push({
        method: request.method!,
        withText: /"query"/.test(body) || url.searchParams.has("query"),
      });
    });
    app(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, seen, url: `http://127.0.0.1:${port}/graphql` };
}

let open: Awaited<ReturnType<typeof listen>>;
let trusted: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  [open, trusted] = await Promise.all([listen(false), listen(true)]);
});
afterAll(() => {
  open.server.close();
  trusted.server.close();
});

const readMore = (article: { related: { edges: { node: { headline: string } }[] } } | null) =>
  article?.related.edges.slice(0, 4).map((edge) => edge.node.headline);

describe("the README's SDK snippets (examples/snippets/)", () => {
  it("are quoted in the README exactly as the files are", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const files = (await readdir(snippetsDir)).filter((name) => /\.(ts|mjs)$/.test(name));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      const text = await readFile(`${snippetsDir}${name}`, "utf8");
      const quoted = readme.match(
        new RegExp(
          `<!-- examples/snippets/${name.replace(".", "\\.")} -->\\n+\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``,
        ),
      );
      expect(quoted?.[1], `README quotes examples/snippets/${name}`).toBe(text);
    }
  });

  it("type-check under strict settings (exactOptionalPropertyTypes, noUncheckedIndexedAccess)", () => {
    const configPath = `${snippetsDir}tsconfig.json`;
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    )!;
    expect(config.options.strict && config.options.exactOptionalPropertyTypes).toBe(true);
    const program = ts.createProgram(config.fileNames, config.options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    expect(diagnostics).toEqual([]);
  });

  it("plain Node: prints the main story's headline and its four read-more stories", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [`${snippetsDir}node.mjs`], {
      env: { ...process.env, NEWS_API: open.url },
    });
    const [headline, ...related] = stdout.trim().split("\n");
    expect(headline).toBe(MAIN);
    expect(related).toHaveLength(4);
    related.forEach((line, i) =>
      expect(line.startsWith(`- ${READ_MORE[i]} (قراءة المزيد`)).toBe(true),
    );
    expect(related[0]).toContain("فلاديمير بوتين");
  });

  it("browser: finds the two stories that name Putin, the match marked", async () => {
    const originalFetch = globalThis.fetch;
    // The snippet calls "/graphql" as a page would: here, relative to the test server.
    globalThis.fetch = (input, init) => originalFetch(new URL(String(input), open.url), init);
    try {
      const results = await searchAsYouType("بوتين");
      expect(results).toHaveLength(2);
      expect(results.flatMap((r) => r.snippets.flat()).join(" ")).toContain("«بوتين»");
    } finally {
      globalThis.fetch = originalFetch;
    }
  });

  it("Apollo Client with the APQ link gets the page on its first query: hash, miss, text once", async () => {
    open.seen.length = 0;
    const article = await apollo.articlePage(apollo.createApolloClient(open.url), MAIN_SLUG);
    expect(article?.headline).toBe(MAIN);
    expect(readMore(article)).toEqual(READ_MORE);
    expect(open.seen).toEqual([
      { method: "GET", withText: false },
      { method: "POST", withText: true },
    ]);
    // A second client (another reader) finds the document registered: one GET, no text.
    open.seen.length = 0;
    await apollo.articlePage(apollo.createApolloClient(open.url), MAIN_SLUG);
    expect(open.seen).toEqual([{ method: "GET", withText: false }]);
  });

  it("Apollo Client configured from the manifest runs on a trusted-documents server", async () => {
    trusted.seen.length = 0;
    const article = await apollo.articlePage(
      apollo.createTrustedApolloClient(trusted.url),
      MAIN_SLUG,
    );
    expect(article?.headline).toBe(MAIN);
    // Fields from fragments survive Apollo's normalised cache: every selection has __typename.
    expect(article?.related.edges[0]?.reasons[0]?.kind).toBe("EDITORIAL");
    expect(article?.topics.map((topic) => topic.slug)).toContain("north-korea");
    expect(trusted.seen).toEqual([{ method: "GET", withText: false }]);
  });

  it("urql gets the page with its read-more stories", async () => {
    expect(readMore(await urql.articlePage(open.url, MAIN_SLUG))).toEqual(READ_MORE);
  });

  it("TanStack Query gets the page, its signal passed to the request", async () => {
    expect(readMore(await tanstack.articlePage(open.url, MAIN_SLUG))).toEqual(READ_MORE);
    const controller = new AbortController();
    controller.abort(new Error("query dropped"));
    const query = tanstack.articlePageQuery(createNewsClient({ url: open.url }), MAIN_SLUG);
    await expect(query.queryFn({ signal: controller.signal })).rejects.toThrow("query dropped");
  });
});

describe("the README's webhook receiver (examples/snippets/webhook-receiver.mjs)", () => {
  it("takes an ingest's signed events once each, and refuses a body someone else signed", async () => {
    const secret = "whsec-readme-0123456789";
    const events: { id: number; kind: string }[] = [];
    const receiver = createReceiver(secret, async ({ id, kind }) => void events.push({ id, kind }));
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    const path = `${await tempDir()}/db.json`;
    const store = await LowdbStore.open(path);
    const delivery = await startDelivery({
      store,
      cursors: await JsonCursorStore.open(`${path}.webhooks`),
      settings: { urls: [url], secrets: [secret] },
    });
    try {
      await ingestPages(store, [{ text: seedText(), date: seedDate }]);
      await expect.poll(() => events.length).toBe(5);
      expect(events.map((event) => event.kind)).toEqual([
        "published",
        "topic",
        "person",
        "editorial",
        "related",
      ]);
      const forged = await fetch(url, {
        method: "POST",
        headers: { "x-news-signature": `t=${Math.floor(Date.now() / 1000)},v1=00` },
        body: JSON.stringify({ id: 99, kind: "resync", tags: [], purgeAll: true }),
      });
      expect(forged.status).toBe(400);
      expect(events).toHaveLength(5);
    } finally {
      await delivery.stop();
      receiver.close();
    }
  });
});

describe("the README's example queries", () => {
  it("run as written on the seed, the article page with the slug the README gives", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.split("## Example queries")[1]!.split("\n## ")[0]!;
    expect(section).toContain(`{ "slug": "${MAIN_SLUG}" }`);
    const queries = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(queries).toHaveLength(3);
    for (const query of queries) {
      const response = await fetch(open.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query,
          variables: query.includes("$slug") ? { slug: MAIN_SLUG } : {},
        }),
      });
      const { data, errors } = await response.json();
      expect(errors).toBeUndefined();
      expect(Object.values(data).every((value) => value !== null)).toBe(true);
    }
  });
});
