/**
 * node --import tsx bench/webhooks.ts [DATABASE_URL]
 *
 * What webhook delivery costs, to a receiver on 127.0.0.1 that answers 204 at once:
 * - the seed page ingested into an empty store → its five events received (JSON store, and
 *   PostgreSQL when a URL is given), median of 5 runs;
 * - a backlog of 1,000 change-log entries drained from one cursor (PostgreSQL only: the JSON
 *   store would need 1,000 whole-file writes to make it), events per second.
 * Prints a table. Needs no other process.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { ingestPages } from "../src/ingest/ingest.js";
import { decodePage } from "../src/ingest/parse.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { openPostgresStore } from "../src/store/open.js";
import { createPool } from "../src/store/postgres/pool.js";
import type { WritableStore } from "../src/store/store.js";
import type { CursorStore } from "../src/webhooks/cursors.js";
import { startDelivery } from "../src/webhooks/delivery.js";
import { JsonCursorStore } from "../src/webhooks/json-cursors.js";
import { PostgresCursorStore } from "../src/webhooks/postgres-cursors.js";
import { startReceiver } from "../tests/webhook-receiver.js";

const seed = decodePage(
  readFileSync(new URL("../data/pages/000_d6ebe4d0a221472b.txt", import.meta.url)),
);
const SECRET = "bench-secret-0123456789";

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Ms from the ingest's commit to the last of its events received. */
async function ingestToDelivered(store: WritableStore, cursors: CursorStore): Promise<number> {
  const hook = await startReceiver();
  const delivery = await startDelivery({
    store,
    cursors,
    settings: { urls: [hook.url], secrets: [SECRET] },
  });
  await ingestPages(store, [{ text: seed, date: "2026-01-09" }]);
  const committed = performance.now();
  await until(() => hook.deliveries.length === 5);
  const ms = performance.now() - committed;
  await delivery.stop();
  await hook.close();
  return ms;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: [string, string][] = [];

const json: number[] = [];
for (let run = 0; run < 5; run++) {
  const path = join(await mkdtemp(join(tmpdir(), "bench-webhooks-")), "db.json");
  json.push(
    await ingestToDelivered(
      await LowdbStore.open(path),
      await JsonCursorStore.open(`${path}.webhooks`),
    ),
  );
}
rows.push([
  "JSON: seed ingest committed → 5 events received (median of 5)",
  `${median(json).toFixed(0)} ms`,
]);

const url = process.argv[2];
if (url) {
  const admin = createPool(url);
  const pg: number[] = [];
  for (let run = 0; run < 5; run++) {
    const name = `bench_webhooks_${process.pid}_${run}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const db = createPool(target.toString());
    const store = await openPostgresStore(db);
    pg.push(await ingestToDelivered(store, new PostgresCursorStore(db)));
    if (run === 4) {
      // A backlog: 1,000 one-article entries after the cursor.
      const hook = await startReceiver();
      const cursors = new PostgresCursorStore(db);
      await cursors.register([hook.url], store.changeCounter);
      await db.query(
        "INSERT INTO change_log (kind, ids) SELECT 'editorial', ARRAY['a29e0247611c'] FROM generate_series(1, 1000)",
      );
      await store.catchUp();
      const started = performance.now();
      const delivery = await startDelivery({
        store,
        cursors,
        settings: { urls: [hook.url], secrets: [SECRET] },
      });
      await until(() => hook.deliveries.length === 1000);
      const seconds = (performance.now() - started) / 1000;
      await delivery.stop();
      await hook.close();
      rows.push([
        "PostgreSQL: 1,000-event backlog drained",
        `${(1000 / seconds).toFixed(0)} events/s`,
      ]);
    }
    await db.end();
    await admin.query(`DROP DATABASE ${name}`);
  }
  rows.unshift([
    "PostgreSQL: seed ingest committed → 5 events received (median of 5)",
    `${median(pg).toFixed(0)} ms`,
  ]);
  await admin.end();
}

const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
