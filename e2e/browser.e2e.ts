import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Sdk from "@news-graph/client";
import { startServer, type ServerProcess } from "../tests/helpers.js";
import { bundleSdk } from "../tests/sdk-bundle.js";
import { launchChromium, staysLocal, UNTIL_SHOWN } from "./chromium.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const MAIN_HEADLINE = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';

declare global {
  interface Window {
    /** The SDK's browser bundle, as a page script imported it. */
    newsSdk?: typeof Sdk;
  }
}

/** Text as a reader sees it: GraphiQL's editors wrap long lines, so any run of space is one. */
const asRead = (text: string | null) => (text ?? "").replace(/\s+/g, " ");

let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let sdkCode: string;
/** Every URL the browser requested, from the page, its workers and its scripts. */
const requests: string[] = [];
/** Uncaught exceptions in the page. */
const pageErrors: string[] = [];

beforeAll(async () => {
  const started = Date.now();
  const setup = [
    startServer().then((running) => void (server = running)),
    bundleSdk("tests/fixtures/bundles/whole-sdk.ts").then((chunk) => void (sdkCode = chunk.code)),
    launchChromium().then((launched) => void (browser = launched)),
  ];
  // All three settle, even when one fails, so that afterAll stops whichever did start.
  for (const result of await Promise.allSettled(setup)) {
    if (result.status === "rejected") throw result.reason;
  }
  const context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // GraphiQL is one 9 MB page of inline script; a busy 2-core machine takes seconds to parse it.
  page.setDefaultTimeout(60_000);
  console.log(`server, SDK bundle and Chromium ready in ${Date.now() - started} ms`);
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill("SIGKILL");
});

describe("GraphiQL in headless Chromium", () => {
  it("loads on the main story's article page, and no request leaves localhost", async () => {
    await page.goto(server!.url, { waitUntil: "networkidle" });
    expect(await page.title()).toBe("News graph");
    await page.getByRole("button", { name: /^Execute query/ }).waitFor();
    expect(await page.locator(".graphiql-tab-button").allTextContents()).toEqual(["ArticlePage"]);
    expect(requests).toContain(server!.url);
    expect(requests.filter((url) => !staysLocal(url))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("shows the Article type's description in its docs pane", async () => {
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByRole("link", { name: "Article", exact: true }).click();
    await expect
      .poll(() => docs.locator(".graphiql-doc-explorer-title").textContent(), UNTIL_SHOWN)
      .toBe("Article");
    expect(await docs.locator(".graphiql-markdown-description").first().textContent()).toMatch(
      /^A news story: a full article, or a read-more teaser/,
    );
  });

  it("runs the default query and shows the main story's Arabic headline", async () => {
    await page.getByRole("button", { name: /^Execute query/ }).click();
    const result = page.locator(".graphiql-response");
    // The result is JSON: the headline's quotes show escaped.
    await expect
      .poll(async () => asRead(await result.textContent()), UNTIL_SHOWN)
      .toContain(`"headline": ${JSON.stringify(MAIN_HEADLINE)}`);
    expect(asRead(await result.textContent())).not.toContain('"errors"');
  });
});

describe("the SDK bundled for the browser, inside the GraphiQL page", () => {
  it("fetches the main story's article page with the editorial read-more links first", async () => {
    const moduleUrl = await page.evaluate(
      (code) => URL.createObjectURL(new Blob([code], { type: "text/javascript" })),
      sdkCode,
    );
    await page.addScriptTag({
      type: "module",
      content: `import * as sdk from ${JSON.stringify(moduleUrl)}; window.newsSdk = sdk;`,
    });
    await page.waitForFunction(() => window.newsSdk !== undefined);
    const article = await page.evaluate(
      async ({ url, slug }) => {
        const sdk = window.newsSdk!;
        const client = sdk.createNewsClient({ url });
        return (await client.request(sdk.ArticlePageDocument, { slug })).article;
      },
      { url: server!.url, slug: MAIN_SLUG },
    );
    expect(article?.headline).toBe(MAIN_HEADLINE);
    expect(article?.related.edges.slice(0, 4).map((edge) => edge.reasons[0]?.kind)).toEqual([
      "EDITORIAL",
      "EDITORIAL",
      "EDITORIAL",
      "EDITORIAL",
    ]);
  });
});

describe("the whole browser session", () => {
  it("sent no request off localhost and threw nothing, SDK included", () => {
    expect(requests.filter((url) => !staysLocal(url))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("saves a screenshot of GraphiQL with the docs pane and the result", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "news-graph-e2e-")), "graphiql.png");
    await page.screenshot({ path });
    console.log(`Screenshot: ${path}`);
    expect((await stat(path)).size).toBeGreaterThan(10_000);
  });
});
