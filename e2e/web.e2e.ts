import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../tests/helpers.js";
import { launchChromium, staysLocal, UNTIL_SHOWN } from "./chromium.js";
import { buildWebApp, previewWebApp } from "./web-app.js";
import { MAIN, MAIN_SLUG, READ_MORE } from "../tests/seed.js";

let api: ServerProcess | undefined;
let web: PreviewServer | undefined;
let browser: Browser | undefined;
let page: Page;
let screenshots: string;
const requests: string[] = [];
const pageErrors: string[] = [];

/** Opens a route of the app and waits until its page has rendered. */
async function open(route: string): Promise<void> {
  await page.goto(`${web!.resolvedUrls!.local[0]}${route}`);
  await page.locator("#page h1").first().waitFor();
  await expect.poll(() => page.locator("#page").getAttribute("aria-busy"), UNTIL_SHOWN).toBeNull();
}

const screenshot = async (name: string) => {
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect((await stat(path)).size).toBeGreaterThan(10_000);
};

beforeAll(async () => {
  screenshots = await mkdtemp(join(tmpdir(), "news-graph-web-"));
  const setup = [
    startServer().then((running) => void (api = running)),
    buildWebApp(screenshots),
    launchChromium().then((launched) => void (browser = launched)),
  ];
  // All settle, even when one fails, so that afterAll stops whichever did start.
  for (const result of await Promise.allSettled(setup)) {
    if (result.status === "rejected") throw result.reason;
  }
  web = await previewWebApp(screenshots, api!.url);
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  console.log(`Screenshots: ${screenshots}`);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  api?.child.kill("SIGKILL");
});

describe("the example frontend (examples/web) in Chromium", () => {
  it("shows the home feed right to left, in an Arabic font stack, newest first", async () => {
    await open("#/");
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    const style = await page.evaluate(() => {
      const css = getComputedStyle(document.querySelector("#page h1")!);
      return { direction: css.direction, fontFamily: css.fontFamily };
    });
    expect(style.direction).toBe("rtl");
    expect(style.fontFamily).toMatch(/Noto Naskh Arabic/);
    expect(await page.locator("#page h1").textContent()).toBe("آخر الأخبار");
    const headlines = await page.locator(".card h2").allTextContents();
    expect(headlines).toHaveLength(5);
    expect(headlines).toContain(MAIN);
    await screenshot("home");
  });

  it("renders the main story's page: body, topics, people, dates for Arabic readers", async () => {
    await open(`#/article/${MAIN_SLUG}`);
    expect(await page.locator(".story h1").textContent()).toBe(MAIN);
    expect(await page.locator(".story .body p").count()).toBe(11);
    // The day, the month's Arabic name and the year (digits Western or Arabic-Indic, by locale).
    expect(await page.locator(".story .meta time").textContent()).toMatch(
      /^(9|٩) يناير (2026|٢٠٢٦)$/,
    );
    expect(await page.locator(".topics .chip").allTextContents()).toContain("كوريا الشمالية");
    expect(await page.locator(".people strong").allTextContents()).toContain("فلاديمير بوتين");
  });

  it("lists the four read-more stories first, each with its reasons", async () => {
    const stories = page.locator(".related-story");
    expect(await stories.count()).toBeGreaterThanOrEqual(4);
    for (const [i, headline] of READ_MORE.entries()) {
      const story = stories.nth(i);
      expect(await story.locator("a").textContent()).toBe(headline);
      expect((await story.locator(".reasons li").allTextContents())[0]).toBe("من «قراءة المزيد»");
    }
    // The Oreshnik story shares Putin with the main one, and says so.
    expect(await stories.nth(0).locator(".reasons li").allTextContents()).toContain(
      "يذكر فلاديمير بوتين",
    );
    await screenshot("article");
  });

  it("opens a topic page from the article's topic chip", async () => {
    await page.locator(".topics .chip", { hasText: "كوريا الشمالية" }).click();
    await expect
      .poll(() => page.locator("#page h1").textContent(), UNTIL_SHOWN)
      .toBe("كوريا الشمالية");
    expect(page.url()).toMatch(/#\/topic\/north-korea$/);
    expect(await page.locator(".card h2").allTextContents()).toContain(MAIN);
    await screenshot("topic");
  });

  it("searches from the masthead and marks the matched word in each hit", async () => {
    await page.locator(".search-form input").fill("بوتين");
    await page.locator(".search-form button").click();
    await expect
      .poll(() => page.locator("#page h1").textContent(), UNTIL_SHOWN)
      .toBe("نتائج البحث عن «بوتين»: 2");
    expect((await page.locator(".card h2").allTextContents()).sort()).toEqual(
      [MAIN, READ_MORE[0]].sort(),
    );
    const marks = await page.locator(".card .highlight mark").allTextContents();
    expect(marks.length).toBeGreaterThanOrEqual(2);
    // Search knows Putin by his name: the hits mark his first name too where they write it.
    expect(marks).toContain("بوتين");
    for (const mark of marks) expect(["بوتين", "فلاديمير"]).toContain(mark);
    await screenshot("search");
  });

  it("suggests as the reader types: a combobox over a listbox, driven by the keyboard, right to left", async () => {
    const input = page.locator(".search-form input");
    const options = page.locator("#search-suggestions [role=option]");
    expect(await input.getAttribute("role")).toBe("combobox");
    expect(await input.getAttribute("aria-controls")).toBe("search-suggestions");
    await input.fill("بو");
    await expect.poll(() => input.getAttribute("aria-expanded"), UNTIL_SHOWN).toBe("true");
    expect(await options.first().locator(".suggestion-label").textContent()).toBe("فلاديمير بوتين");
    expect(await page.locator("#search-suggestions").getAttribute("role")).toBe("listbox");
    expect(
      await page
        .locator("#search-suggestions")
        .evaluate((list) => getComputedStyle(list).direction),
    ).toBe("rtl");
    await screenshot("typeahead");

    // ↓ makes the first option active, ↑ from the first wraps to the last, ↓ wraps back.
    await input.press("ArrowDown");
    const first = await options.first().getAttribute("id");
    expect(await input.getAttribute("aria-activedescendant")).toBe(first);
    expect(await options.first().getAttribute("aria-selected")).toBe("true");
    await input.press("ArrowUp");
    expect(await input.getAttribute("aria-activedescendant")).toBe(
      await options.last().getAttribute("id"),
    );
    await input.press("ArrowDown");
    expect(await input.getAttribute("aria-activedescendant")).toBe(first);

    // Escape closes the list and clears the active option; the text stays.
    await input.press("Escape");
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    expect(await input.getAttribute("aria-activedescendant")).toBeNull();
    expect(await input.inputValue()).toBe("بو");

    // Enter on a place opens its topic page.
    await input.fill("كو");
    await expect.poll(() => input.getAttribute("aria-expanded"), UNTIL_SHOWN).toBe("true");
    expect(await options.first().locator(".suggestion-label").textContent()).toBe("كوريا الشمالية");
    await input.press("ArrowDown");
    await input.press("Enter");
    await expect
      .poll(() => page.locator("#page h1").textContent(), UNTIL_SHOWN)
      .toBe("كوريا الشمالية");
    expect(page.url()).toMatch(/#\/topic\/north-korea$/);
    expect(await input.getAttribute("aria-expanded")).toBe("false");

    // A story's headline, typed from its start, opens the story.
    await input.fill("زعيم كو");
    await expect.poll(() => options.count(), UNTIL_SHOWN).toBeGreaterThan(0);
    await options.filter({ hasText: MAIN }).click();
    await expect.poll(() => page.locator(".story h1").textContent(), UNTIL_SHOWN).toBe(MAIN);
  });

  it("asked the API by hash over GET (APQ), stayed on this machine and threw nothing", () => {
    const graphql = requests.filter((url) => new URL(url).pathname === "/graphql");
    expect(graphql.some((url) => new URL(url).searchParams.has("extensions"))).toBe(true);
    expect(requests.filter((url) => !staysLocal(url))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
