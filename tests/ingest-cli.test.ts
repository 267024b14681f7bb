import { spawnSync } from "node:child_process";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_PAGE_BYTES } from "../src/ingest/parse.js";
import { lockPathOf } from "../src/store/json/lock.js";
import { embeddedStorePath } from "../src/store/json/lowdb.js";
import { runScript } from "./helpers.js";
import { oreshnikPagePath, seedDate, seedPath, tempDir } from "./ingest-fixtures.js";

/** Runs `npm run ingest -- …args` against the store at `store`, as a user would. */
const ingest = (store: string, ...args: string[]) =>
  runScript("src/ingest/cli.ts", args, { NEWS_DB: store });

/** A temp store holding the seed page, as the repo ships it. */
async function seededStore(): Promise<{ dir: string; store: string; bytes: Buffer }> {
  const dir = await tempDir();
  const store = join(dir, "db.json");
  await copyFile(embeddedStorePath, store);
  return { dir, store, bytes: await readFile(store) };
}

describe("the committed data/db.json", () => {
  it("is exactly what ingesting the seed page into an empty store produces", async () => {
    const store = join(await tempDir(), "db.json");
    const run = await ingest(store, "--date", seedDate, seedPath);
    expect(run.status).toBe(0);
    expect((await readFile(store)).equals(await readFile(embeddedStorePath))).toBe(true);
  });
});

describe("ingest from the command line", () => {
  it("prints a progress line per page and a closing summary", async () => {
    const store = join(await tempDir(), "db.json");
    const run = await ingest(store, "--date", seedDate, seedPath, oreshnikPagePath);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`[1/2] ${seedPath}: 5 added, 0 upgraded, 0 updated, 0 unchanged`);
    expect(run.stdout).toContain(
      `[2/2] ${oreshnikPagePath}: 0 added, 1 upgraded, 0 updated, 1 unchanged`,
    );
    expect(run.stdout).toContain("2 pages read, 0 refused; articles: 5 added, 1 upgraded");
  });

  it("takes a folder for the .txt pages in it", async () => {
    const { dir } = await seededStore();
    const pages = join(dir, "pages");
    await import("node:fs/promises").then((fs) => fs.mkdir(pages));
    await copyFile(seedPath, join(pages, "a.txt"));
    await copyFile(oreshnikPagePath, join(pages, "b.txt"));
    await writeFile(join(pages, "notes.md"), "not a page");
    const run = await ingest(join(dir, "db.json"), "--date", seedDate, pages);
    expect(run.stdout).toContain("2 pages read, 0 refused; articles: 0 added, 1 upgraded");
  });

  it("reports a bad page, lands the others and exits non-zero", async () => {
    const { dir, store } = await seededStore();
    const empty = join(dir, "empty.txt");
    await writeFile(empty, "");
    const run = await ingest(store, "--date", seedDate, empty, oreshnikPagePath);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`[1/2] ${empty}: refused: file is empty`);
    expect(run.stdout).toMatch(/2 pages read, 1 refused; articles: 0 added, 1 upgraded/);
    expect(run.stdout).toContain(`refused ${empty}: file is empty`);
  });
});

describe("bad input leaves the store byte for byte as it was", () => {
  const badPages: [string, (path: string) => Promise<void>, RegExp][] = [
    ["a missing file", async () => {}, /no such file/],
    ["an empty file", (path) => writeFile(path, ""), /file is empty/],
    [
      "a binary file",
      (path) => writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x0d])),
      /not UTF-8|binary/,
    ],
    [
      "a file in another encoding",
      (path) => writeFile(path, Buffer.from([0xc7, 0xe1, 0xed, 0xe3, 0xe4])),
      /not UTF-8/,
    ],
    ["a page with no headline", (path) => writeFile(path, "قراءة المزيد\n\nنص\n"), /no headline/],
    [
      "a file over the size bound",
      (path) => writeFile(path, "ا".repeat(MAX_PAGE_BYTES)),
      /byte limit/,
    ],
  ];

  for (const [what, make, reason] of badPages) {
    it(`refuses ${what} with a clear message`, async () => {
      const { dir, store, bytes } = await seededStore();
      const page = join(dir, "page.txt");
      await make(page);
      const run = await ingest(store, "--date", seedDate, page);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(reason);
      expect((await readFile(store)).equals(bytes)).toBe(true);
    });
  }

  it("refuses a missing or malformed --date before touching anything", async () => {
    const { store, bytes } = await seededStore();
    for (const args of [[seedPath], ["--date", "09-01-2026", seedPath], ["--date", seedDate]]) {
      const run = await ingest(store, ...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("usage: npm run ingest");
    }
    expect((await readFile(store)).equals(bytes)).toBe(true);
  });
});

describe("a store that is not JSON", () => {
  it("is named in the error and left as it was", async () => {
    const store = join(await tempDir(), "db.json");
    await writeFile(store, "{ half a store");
    const run = await ingest(store, "--date", seedDate, seedPath);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`cannot read the store ${store}`);
    expect(await readFile(store, "utf8")).toBe("{ half a store");
  });
});

describe("one writer at a time", () => {
  it("refuses a second ingest while another holds the store's lock", async () => {
    const { store, bytes } = await seededStore();
    // The test runner stands in for a running ingest: a live process named in the lock.
    await writeFile(lockPathOf(store), `${process.pid}\n`);
    const run = await ingest(store, "--date", seedDate, oreshnikPagePath);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`another ingest (pid ${process.pid}) is writing this store`);
    expect((await readFile(store)).equals(bytes)).toBe(true);
    expect(await readFile(lockPathOf(store), "utf8")).toBe(`${process.pid}\n`);
  });

  it("takes over a lock left by an ingest that died, and removes it when done", async () => {
    const { store } = await seededStore();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    await writeFile(lockPathOf(store), `${dead.stdout.toString()}\n`);
    const run = await ingest(store, "--date", seedDate, oreshnikPagePath);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("1 upgraded");
    await expect(readFile(lockPathOf(store))).rejects.toThrow(/ENOENT/);
  });
});
