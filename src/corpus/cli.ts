/**
 * npm run corpus -- --articles N [--seed S]
 *
 * Writes a generated benchmark corpus of N articles to the store NEWS_DB names (data/db.json by
 * default: set NEWS_DB unless you mean to replace the committed store). The same N and seed give
 * the same bytes. Exit status: 0 when written, 2 when nothing was (bad arguments, store locked).
 *
 * A postgres:// NEWS_DB gets the corpus streamed in (src/corpus/database.ts), up to 1M articles:
 * an empty database, or one a stopped run of the same N and seed began, which it finishes.
 *
 * The file is the store's own layout (src/store/store-file.ts), written the way the store writes
 * (a flushed temp file renamed over the old one) under the store's single-writer lock, a line at a
 * time: at 100k articles the text is longer than the longest string V8 can hold.
 */

import { stat } from "node:fs/promises";
import { computeRelated } from "../ingest/related.js";
import { StoreContents } from "../store/json/contents.js";
import { acquireStoreLock, releaseOnSignal } from "../store/json/lock.js";
import { storePathFromEnv } from "../store/json/lowdb.js";
import { StoreFile } from "../store/json/store-file.js";
import { isDatabaseUrl, redactUrl } from "../store/postgres/pool.js";
import { writeCorpusToDatabase } from "./database.js";
import { DEFAULT_SEED, generateContent, MIN_ARTICLES } from "./generate.js";

const USAGE = "usage: npm run corpus -- --articles N [--seed S]   (writes the store NEWS_DB names)";

/** The biggest JSON store issue 7 asks for; 100k articles take 2.5 GB of memory to make. */
const MAX_FILE_ARTICLES = 100_000;
/** The biggest database corpus issue 13 asks for: streamed in, never held whole. */
const MAX_DATABASE_ARTICLES = 1_000_000;

class UsageError extends Error {}

interface Args {
  articles: number;
  seed: number;
}

/** A whole number from the command line, refusing "1e5", "10k", "-3" and the like. */
function wholeNumber(option: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new UsageError(`${option} needs a whole number, got ${value ?? "nothing"}`);
  }
  const number = Number(value);
  if (number < min || number > max) {
    throw new UsageError(`${option} must be from ${min} to ${max}, got ${value}`);
  }
  return number;
}

function parseArgs(argv: readonly string[], maxArticles: number): Args {
  let articles: string | undefined;
  let seed: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split("=", 2) : [arg];
    const value = () => {
      const given = inline ?? argv[++i];
      if (given === undefined) throw new UsageError(`${name} needs a value`);
      return given;
    };
    if (name === "--articles") articles = value();
    else if (name === "--seed") seed = value();
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (articles === undefined) throw new UsageError("--articles is required: how many to make");
  return {
    articles: wholeNumber("--articles", articles, MIN_ARTICLES, maxArticles),
    seed: seed === undefined ? DEFAULT_SEED : wholeNumber("--seed", seed, 0, 0xffffffff),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function writeDatabase(url: string, argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv, MAX_DATABASE_ARTICLES);
  const started = performance.now();
  const log = (line: string) => console.log(`${seconds(performance.now() - started)}: ${line}`);
  log(`corpus of ${options.articles} articles, seed ${options.seed}, into ${redactUrl(url)}`);
  await writeCorpusToDatabase(url, options, log);
  log("done");
}

async function writeFile(argv: readonly string[]): Promise<void> {
  const { articles, seed } = parseArgs(argv, MAX_FILE_ARTICLES);
  const path = storePathFromEnv();
  const release = await acquireStoreLock(path);
  releaseOnSignal(release);
  try {
    const started = performance.now();
    const content = generateContent({ articles, seed });
    const generated = performance.now();
    const data = {
      ...content,
      relatedEdges: computeRelated(content.articles, content.editorialLinks),
    };
    const related = performance.now();
    await new StoreFile(path).write(StoreContents.of(data));
    const written = performance.now();
    const { size } = await stat(path);
    const full = data.articles.filter((a) => a.body.length > 0).length;
    console.log(
      `wrote ${path}: ${data.articles.length} articles (${full} full, ` +
        `${data.articles.length - full} teasers), ${data.topics.length} topics, ` +
        `${data.people.length} people, ${data.editorialLinks.length} editorial links, ` +
        `${data.relatedEdges.length} related edges, seed ${seed}; ` +
        `${seconds(written - started)} (content ${seconds(generated - started)}, ` +
        `related edges ${seconds(related - generated)}, write ${seconds(written - related)}), ` +
        `${(size / 1e6).toFixed(1)} MB`,
    );
  } finally {
    await release();
  }
}

const setting = process.env.NEWS_DB ?? "";
(isDatabaseUrl(setting)
  ? writeDatabase(setting, process.argv.slice(2))
  : writeFile(process.argv.slice(2))
).catch((error: unknown) => {
  // A driver's message may quote the connection string: never the password.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`corpus: ${message.replace(setting, redactUrl(setting))}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exitCode = 2;
});
