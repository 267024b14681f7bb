/**
 * Webhooks on PostgreSQL: the cursor table (migration 0004) on PGlite or the test server, a
 * delivery from the change log through it, and with TEST_DATABASE_URL two server processes on one
 * database delivering each event once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPages } from "../src/ingest/ingest.js";
import { openPostgresStore } from "../src/store/open.js";
import type { Db } from "../src/store/postgres/db.js";
import { startDelivery } from "../src/webhooks/delivery.js";
import { PostgresCursorStore } from "../src/webhooks/postgres-cursors.js";
import { freshDb, freshServerDatabase } from "./backends.js";
import { runScript, startServer } from "./helpers.js";
import { seedDate, seedPath, seedText } from "./ingest-fixtures.js";
import { signedWith, startReceiver } from "./webhook-receiver.js";

const SECRET = "whsec-current-0123456789";
const URL_A = "http://127.0.0.1:1/a";
const URL_B = "http://127.0.0.1:1/b";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
  await openPostgresStore(db);
});
afterAll(() => db.end());

const row = async (url: string) =>
  (
    await db.query<{ delivered: string; attempts: number; leased: boolean }>(
      "SELECT delivered::text, attempts, leased_by IS NOT NULL AS leased FROM webhook_cursors WHERE url = $1",
      [url],
    )
  ).rows[0];

describe("webhook cursors in PostgreSQL", () => {
  it("start a new receiver at the given counter, and never move a known one back", async () => {
    const cursors = new PostgresCursorStore(db);
    await cursors.register([URL_A], 7);
    await cursors.register([URL_A, URL_B], 0);
    expect(await row(URL_A)).toEqual({ delivered: "7", attempts: 0, leased: false });
    expect(await row(URL_B)).toEqual({ delivered: "0", attempts: 0, leased: false });
  });

  it("let one claimant hold a receiver at a time, and keep a failed one back until its retry", async () => {
    const cursors = new PostgresCursorStore(db);
    const claim = await cursors.claim(URL_A);
    expect(claim).toMatchObject({ url: URL_A, delivered: 7, attempts: 0 });
    // Another replica asking now gets nothing: the row is leased.
    expect(await cursors.claim(URL_A)).toBeUndefined();
    expect((await row(URL_A))?.leased).toBe(true);

    await cursors.release(claim!, { delivered: 9, attempts: 1 }, 60_000);
    expect(await row(URL_A)).toEqual({ delivered: "9", attempts: 1, leased: false });
    expect(await cursors.claim(URL_A)).toBeUndefined();

    // Due again: claimed; a release by a claim whose lease was taken over changes nothing.
    await db.query("UPDATE webhook_cursors SET next_attempt_at = now() WHERE url = $1", [URL_A]);
    const again = await cursors.claim(URL_A);
    expect(again).toMatchObject({ delivered: 9, attempts: 1 });
    await cursors.release(
      { ...again!, token: "a lease long gone" },
      { delivered: 1, attempts: 0 },
      0,
    );
    expect(await row(URL_A)).toMatchObject({ delivered: "9", leased: true });
    await cursors.release(again!, { delivered: 9, attempts: 0 }, 0);
  });

  it("carry an ingest's changes to a receiver, signed, and save how far it got", async () => {
    const store = await openPostgresStore(db);
    const hook = await startReceiver();
    const delivery = await startDelivery({
      store,
      cursors: new PostgresCursorStore(db),
      settings: { urls: [hook.url], secrets: [SECRET] },
    });
    try {
      const before = store.changeCounter;
      await ingestPages(store, [{ text: seedText(), date: seedDate }]);
      await expect.poll(() => hook.deliveries.length, { timeout: 10_000 }).toBe(5);
      expect(hook.deliveries.map((d) => [d.event.id - before, d.event.kind])).toEqual([
        [1, "published"],
        [2, "topic"],
        [3, "person"],
        [4, "editorial"],
        [5, "related"],
      ]);
      expect(hook.deliveries.every((delivery) => signedWith(delivery, SECRET))).toBe(true);
      await expect
        .poll(() => row(hook.url), { timeout: 5_000 })
        .toEqual({ delivered: String(before + 5), attempts: 0, leased: false });
    } finally {
      await delivery.stop();
      await hook.close();
    }
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl)("webhooks from two server processes on one database", () => {
  it("deliver each event once", async () => {
    const url = await freshServerDatabase(serverUrl!);
    const hook = await startReceiver();
    const env = { NEWS_DB: url, WEBHOOK_URLS: hook.url, WEBHOOK_SECRET: SECRET };
    const servers = await Promise.all([startServer(env), startServer(env)]);
    try {
      const run = await runScript("src/ingest/cli.ts", ["--date", seedDate, seedPath], {
        NEWS_DB: url,
      });
      expect(run.status, run.stderr).toBe(0);
      await expect.poll(() => hook.deliveries.length, { timeout: 15_000 }).toBe(5);
      // Long enough for a second delivery of any event by the other replica to arrive.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(hook.deliveries.map((delivery) => delivery.event.id)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      for (const server of servers) server.child.kill();
      await hook.close();
    }
  }, 90_000);
});
