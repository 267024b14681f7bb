import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { tempPathOf } from "../src/durable-file.js";
import type { StoreData } from "../src/store/records.js";
import { cliArgs, repoRoot, seedDate, seedPage, tempDir } from "./ingest-fixtures.js";

const KILLS = 50;
const PAGES_PER_RUN = 10;
const FIRST_PAGES = 100;

/**
 * The seed page again as page `n`: the same text with every headline numbered, so each page
 * brings five new stories and the store grows large enough for a write to take a while.
 */
function numberedPage(n: number): string {
  const page = seedPage();
  const twice = (headline: string) => `${headline} ${n}\n\n${headline} ${n}`;
  const box = page.readMore.map((t) => `${twice(t.headline)}\n\n${t.text}`);
  return [twice(page.headline), ...page.body, "قراءة المزيد", ...box].join("\n\n");
}

async function writePages(dir: string, from: number, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const path = join(dir, `${String(from + k).padStart(5, "0")}.txt`);
      await writeFile(path, numberedPage(from + k));
      return path;
    }),
  );
}

function startIngest(store: string, pages: string[]) {
  return spawn(process.execPath, [...cliArgs, "--date", seedDate, ...pages], {
    cwd: repoRoot,
    // Production, as a real writer runs (lowdb's presets keep data in memory under NODE_ENV=test).
    env: { ...process.env, NEWS_DB: store, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "ignore"],
  });
}

const hasExited = (child: ReturnType<typeof spawn>) =>
  child.exitCode !== null || child.signalCode !== null;

const exited = (child: ReturnType<typeof spawn>) =>
  hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));

/** Waits until `path` exists (or not), polling every millisecond; false if the process ends first. */
async function becomes(
  exists: boolean,
  path: string,
  child: ReturnType<typeof spawn>,
): Promise<boolean> {
  while (!hasExited(child)) {
    if (existsSync(path) === exists) return true;
    await sleep(1);
  }
  return false;
}

const articleCount = async (store: string) =>
  (JSON.parse(await readFile(store, "utf8")) as StoreData).articles.length;

describe("killing an ingest", () => {
  it("never leaves a half-written or empty store, however often it lands mid-write", async () => {
    const dir = await tempDir();
    const store = join(dir, "db.json");
    const temp = tempPathOf(store);
    const first = startIngest(store, await writePages(join(dir, "first"), 0, FIRST_PAGES));
    expect(await becomes(true, temp, first)).toBe(true);
    const writeAt = Date.now();
    await becomes(false, temp, first);
    // How long one write of a store this size takes (the temp file's life), to aim the kills at.
    const writeMs = Math.max(5, Date.now() - writeAt);
    await exited(first);
    expect(first.exitCode).toBe(0);
    let landedMidWrite = 0;
    let count = await articleCount(store);
    for (let kill = 0; kill < KILLS; kill++) {
      const from = FIRST_PAGES + kill * PAGES_PER_RUN;
      const child = startIngest(
        store,
        await writePages(join(dir, `run${kill}`), from, PAGES_PER_RUN),
      );
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      if (await becomes(true, temp, child)) await sleep(Math.floor(Math.random() * writeMs));
      child.kill("SIGKILL");
      await exited(child);
      if (existsSync(temp)) landedMidWrite++;
      await rm(temp, { force: true });
      const after = await articleCount(store);
      // The CLI says "wrote" only once the write is durable: then the new stories must be there.
      const acknowledged = /^wrote /m.test(output);
      expect(after).toBe(acknowledged ? count + 5 * PAGES_PER_RUN : after);
      expect([count, count + 5 * PAGES_PER_RUN]).toContain(after);
      count = after;
    }
    console.log(`${landedMidWrite}/${KILLS} kills landed mid-write (a write takes ~${writeMs} ms)`);
    expect(landedMidWrite).toBeGreaterThan(KILLS / 2);
  }, 600_000);
});
