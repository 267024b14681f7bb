import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, startServer, type ServerProcess } from "../tests/helpers.js";
import { seedDate, seedPath } from "../tests/ingest-fixtures.js";
import { MAIN, READ_MORE } from "../tests/seed.js";
import { launchChromium, UNTIL_SHOWN } from "./chromium.js";
import { buildWebApp, previewWebApp } from "./web-app.js";

let dir: string;
let api: ServerProcess | undefined;
let web: PreviewServer | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "news-graph-live-"));
  const setup = [
    // An empty store: the story the test ingests is new to it.
    startServer({ NEWS_DB: join(dir, "db.json") }).then((running) => void (api = running)),
    buildWebApp(dir),
    launchChromium().then((launched) => void (browser = launched)),
  ];
  for (const result of await Promise.allSettled(setup)) {
    if (result.status === "rejected") throw result.reason;
  }
  web = await previewWebApp(dir, api!.url);
  page = await browser!.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  api?.child.kill("SIGKILL");
});

describe("the example frontend's home feed, live", () => {
  it("shows a story ingested while the page is open, without a reload", async () => {
    await page.goto(`${web!.resolvedUrls!.local[0]}#/`);
    await page.locator("#page h1").waitFor();
    expect(await page.locator(".card").count()).toBe(0);
    const loads: string[] = [];
    page.on("load", () => loads.push(page.url()));
    const ingest = await runScript("src/ingest/cli.ts", ["--date", seedDate, seedPath], {
      NEWS_DB: join(dir, "db.json"),
    });
    expect(ingest.status).toBe(0);
    await expect
      .poll(() => page.locator(".card h2").allTextContents(), UNTIL_SHOWN)
      .toHaveLength(5);
    expect((await page.locator(".card h2").allTextContents()).sort()).toEqual(
      [MAIN, ...READ_MORE].sort(),
    );
    expect(loads).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(dir, "live.png"), fullPage: true });
    console.log(`Screenshot: ${join(dir, "live.png")}`);
  });
});
