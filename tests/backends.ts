/**
 * The store backend a test file runs on: the JSON store, or PostgreSQL when the vitest project
 * sets NEWS_TEST_BACKEND=postgres (see vitest.config.ts). PostgreSQL is the server at
 * TEST_DATABASE_URL when set, a database of its own per test file; else embedded PGlite.
 */
import { randomUUID } from "node:crypto";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { LowdbStore, embeddedStorePath } from "../src/store/json/lowdb.js";
import { openPostgresStore } from "../src/store/open.js";
import type { Db } from "../src/store/postgres/db.js";
import { createPool } from "../src/store/postgres/pool.js";
import type { PostgresStore } from "../src/store/postgres/store.js";
import type { StoreData } from "../src/store/records.js";
import type { WritableStore } from "../src/store/store.js";
import { tempDir } from "./ingest-fixtures.js";
import { PGliteDb } from "./pglite-db.js";

export type BackendName = "json" | "postgres";

export const backendName: BackendName =
  process.env.NEWS_TEST_BACKEND === "postgres" ? "postgres" : "json";

/** A PostgreSQL server's URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A new, empty database on the test server, dropped when the process exits. */
export async function freshServerDatabase(serverUrl: string): Promise<string> {
  const name = `news_graph_test_${randomUUID().replaceAll("-", "")}`;
  const admin = createPool(serverUrl);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

/** An empty database: a fresh one on the test server, else a fresh PGlite. */
export async function freshDb(): Promise<Db> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? createPool(await freshServerDatabase(serverUrl)) : PGliteDb.create();
}

/** One migrated database per test file (PGlite takes seconds to start), emptied per store. */
let shared: Promise<Db> | undefined;

/** Every table of data; the change log stays, so each store's generation keeps moving forwards. */
const TABLES =
  "articles, topics, people, article_mentions, entity_counts, editorial_links, related_edges, article_search, search_stems";

async function emptyPostgresStore(): Promise<PostgresStore> {
  shared ??= freshDb();
  const db = await shared;
  const store = await openPostgresStore(db);
  await db.query(`TRUNCATE ${TABLES}`);
  await store.catchUp();
  return store;
}

/** An empty store on the file's backend; `path` is the JSON store's file. */
export async function emptyStore(): Promise<{ store: WritableStore; path?: string }> {
  if (backendName === "postgres") return { store: await emptyPostgresStore() };
  const path = join(await tempDir(), "db.json");
  return { store: await LowdbStore.open(path), path };
}

let seedData: Promise<StoreData> | undefined;

/** data/db.json, as the embedded store reads it. */
export const embeddedData = (): Promise<StoreData> =>
  (seedData ??= LowdbStore.open(embeddedStorePath).then((store) => store.snapshot()));

/** A store holding a private copy of data/db.json, on the file's backend. */
export async function seededStore(): Promise<WritableStore> {
  if (backendName === "json") return LowdbStore.open(await copyOfEmbeddedStore());
  const store = await emptyPostgresStore();
  await store.replace(await embeddedData());
  return store;
}

/** A private copy of the embedded store file: tests never write data/db.json. */
export async function copyOfEmbeddedStore(): Promise<string> {
  const path = join(await tempDir(), "db.json");
  await copyFile(embeddedStorePath, path);
  return path;
}
