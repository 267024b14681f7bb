/**
 * npm run ingest -- --date YYYY-MM-DD PAGE.txt [PAGE.txt | DIR …]
 *
 * Ingests news pages into the store NEWS_DB names (data/db.json by default, or a postgres:// URL).
 * A folder stands for the .txt pages in it. Exit status: 0 when every page landed, 1 when any page
 * was refused (the others still land), 2 when nothing could run (bad arguments, a JSON store
 * locked or unreadable, a database unreachable).
 */

import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { openStore } from "../store/open.js";
import { parseDay } from "./dates.js";
import { ingestPages, type IngestSummary, type PageInput, type PageResult } from "./ingest.js";
import { decodePage, MAX_PAGE_BYTES } from "./parse.js";

const USAGE = "usage: npm run ingest -- --date YYYY-MM-DD PAGE.txt [PAGE.txt | DIR …]";

class UsageError extends Error {}

interface Args {
  date: string;
  paths: string[];
}

function parseArgs(argv: readonly string[]): Args {
  let date: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--date") date = argv[++i];
    else if (arg.startsWith("--date=")) date = arg.slice("--date=".length);
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (date === undefined)
    throw new UsageError("--date is required: the day the pages were published");
  try {
    parseDay(date);
  } catch (error) {
    throw new UsageError(`--date: ${(error as Error).message}`);
  }
  if (paths.length === 0) throw new UsageError("name at least one page or folder of pages");
  return { date, paths };
}

/** The page files an argument stands for: itself, or a folder's .txt files in name order. */
async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith(".txt")).sort();
  return names.map((name) => join(path, name));
}

/** Reads at most one byte past the size limit, so a huge file is refused without loading it. */
async function readBounded(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(MAX_PAGE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length);
      if (bytesRead === 0 || (length += bytesRead) === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === "ENOENT"
    ? "no such file"
    : (error as NodeJS.ErrnoException).code === "EISDIR"
      ? "is a folder"
      : (error as Error).message;

/**
 * Reads the pages one at a time, so a big batch never sits in memory at once. A file that cannot
 * be read or decoded is reported through `refuse` and skipped.
 */
async function* readPages(
  files: readonly string[],
  date: string,
  refuse: (page: string, reason: string) => void,
): AsyncGenerator<PageInput> {
  for (const path of files) {
    try {
      yield { path, text: decodePage(await readBounded(path)), date };
    } catch (error) {
      refuse(path, reasonOf(error));
    }
  }
}

const describe = ({ added, upgraded, updated, unchanged }: PageResult["articles"]) =>
  `${added} added, ${upgraded} upgraded, ${updated} updated, ${unchanged} unchanged`;

function report(summary: IngestSummary, storePath: string): void {
  const { pagesRead, added, upgraded, updated, unchanged, refused } = summary;
  console.log(
    `${pagesRead} pages read, ${refused.length} refused; articles: ` +
      describe({ added, upgraded, updated, unchanged }),
  );
  for (const { page, reason } of refused) console.log(`  refused ${page}: ${reason}`);
  console.log(summary.written ? `wrote ${storePath}` : `${storePath} unchanged`);
}

async function run(argv: readonly string[]): Promise<number> {
  const { date, paths } = parseArgs(argv);
  const files = (await Promise.all(paths.map(expand))).flat();
  const { store, description, close } = await openStore({ writer: true });
  try {
    const unread: IngestSummary["refused"] = [];
    let done = 0;
    const progress = (page: string, outcome: string) =>
      console.log(`[${++done}/${files.length}] ${page}: ${outcome}`);
    const summary = await ingestPages(
      store,
      readPages(files, date, (page, reason) => {
        unread.push({ page, reason });
        progress(page, `refused: ${reason}`);
      }),
      {
        onPage: (result) =>
          progress(
            result.page,
            result.refused ? `refused: ${result.refused}` : describe(result.articles),
          ),
      },
    );
    summary.pagesRead += unread.length;
    summary.refused.push(...unread);
    report(summary, description);
    return summary.refused.length > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ingest: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exitCode = 2;
  },
);
