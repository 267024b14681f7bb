/**
 * Signed webhooks against the real server process (`npm start`'s entry point) on an empty JSON
 * store, with real receivers on 127.0.0.1 and the real ingest CLI writing the store.
 */
import { encodeGlobalID } from "@pothos/plugin-relay";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LIST_TAGS } from "../src/cache-tags.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { MAX_RETRY_MS, retryDelay, startDelivery } from "../src/webhooks/delivery.js";
import { JsonCursorStore } from "../src/webhooks/json-cursors.js";
import { copyOfEmbeddedStore, runScript, startServer, type ServerProcess } from "./helpers.js";
import { seedDate, seedPath, tempDir } from "./ingest-fixtures.js";
import { signedWith, startReceiver } from "./webhook-receiver.js";

const SECRET = "whsec-current-0123456789";
const PREVIOUS = "whsec-previous-9876543210";
const MAIN_ID = "a29e0247611c";
/** What ingesting the seed page into an empty store logs: one entry per kind of record. */
const SEED_KINDS = ["published", "topic", "person", "editorial", "related"];

const running: ServerProcess[] = [];
const receivers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) server.child.kill("SIGKILL");
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

/** The server on an empty store in a fresh folder, delivering to `urls`. */
async function serve(store: string, urls: string[], env: Record<string, string> = {}) {
  const server = await startServer({
    NEWS_DB: store,
    WEBHOOK_URLS: urls.join(","),
    WEBHOOK_SECRET: SECRET,
    ...env,
  });
  running.push(server);
  return server;
}

const emptyStorePath = async () => join(await tempDir(), "db.json");

async function ingestSeed(store: string) {
  const run = await runScript("src/ingest/cli.ts", ["--date", seedDate, seedPath], {
    NEWS_DB: store,
  });
  expect(run.status, run.stderr).toBe(0);
}

const POLL = { timeout: 20_000, interval: 100 };

describe("webhooks", () => {
  it("POST each change of an ingest, signed with every active secret, with its id, ids and tags", async () => {
    const hook = await receiver();
    const store = await emptyStorePath();
    await serve(store, [hook.url], { WEBHOOK_SECRETS_PREVIOUS: PREVIOUS });
    await ingestSeed(store);
    await expect.poll(() => hook.deliveries.length, POLL).toBe(5);

    const events = hook.deliveries.map((delivery) => delivery.event);
    expect(events.map((event) => [event.id, event.kind])).toEqual(
      SEED_KINDS.map((kind, i) => [i + 1, kind]),
    );
    for (const delivery of hook.deliveries) {
      expect(signedWith(delivery, SECRET)).toBe(true);
      expect(signedWith(delivery, PREVIOUS)).toBe(true);
      expect(signedWith(delivery, "some other secret")).toBe(false);
      expect(delivery.headers["x-news-event-id"]).toBe(String(delivery.event.id));
      expect(delivery.headers["content-type"]).toBe("application/json");
    }
    // A signature covers the body exactly: one byte changed and it no longer verifies.
    const [published] = hook.deliveries;
    expect(signedWith({ ...published!, body: published!.body.replace("}", " }") }, SECRET)).toBe(
      false,
    );

    // The new stories: the five of the page, the main one's own tag, Putin's and North Korea's
    // lists (the main story names both), the home feed and search.
    expect(published!.event).toMatchObject({ count: 5, purgeAll: false });
    expect(published!.event.ids).toContain(MAIN_ID);
    expect(published!.event.globalIds).toContain(encodeGlobalID("Article", MAIN_ID));
    expect(published!.event.tags).toEqual(
      expect.arrayContaining([
        encodeGlobalID("Article", MAIN_ID),
        LIST_TAGS.ofPerson("vladimir-putin"),
        LIST_TAGS.ofTopic("north-korea"),
        LIST_TAGS.articles,
        LIST_TAGS.search,
      ]),
    );
    // The read-more box changed on the main story alone: its tag, no list.
    expect(events[3]!.tags).toEqual(["kind:Article", encodeGlobalID("Article", MAIN_ID)]);
    expect(events[2]!.tags).toContain(encodeGlobalID("Person", "vladimir-putin"));
    expect(events[2]!.tags).toContain(LIST_TAGS.people);
  });

  it("retry a receiver that fails twice, with the same event id, until it takes the event", async () => {
    const hook = await receiver((n) => ({ status: n <= 2 ? 503 : 200 }));
    const store = await emptyStorePath();
    const server = await serve(store, [hook.url]);
    await ingestSeed(store);
    await expect.poll(() => hook.acknowledged().size, POLL).toBe(5);
    // The first event three times (two failures, then taken), each of the others once.
    expect(hook.deliveries.map((delivery) => delivery.event.id)).toEqual([1, 1, 1, 2, 3, 4, 5]);
    expect(server.output()).toMatch(/event 1 not delivered \(HTTP 503\), attempt 1; next in/);
    expect(server.output()).toMatch(/event 1 not delivered \(HTTP 503\), attempt 2; next in/);
  });

  it("do not follow a redirect: the receiver it points to never hears, the event is retried", async () => {
    const elsewhere = await receiver();
    const moved = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const store = await emptyStorePath();
    const server = await serve(store, [moved.url]);
    await ingestSeed(store);
    await expect.poll(() => moved.deliveries.length, POLL).toBeGreaterThanOrEqual(2);
    expect(new Set(moved.deliveries.map((delivery) => delivery.event.id))).toEqual(new Set([1]));
    expect(elsewhere.deliveries).toEqual([]);
    expect(server.output()).toContain("event 1 not delivered (HTTP 307)");
  });

  it("resume from the saved cursor after a restart: no event lost, none taken before resent", async () => {
    let restarted = false;
    const hook = await receiver((n) => ({ status: n <= 2 || restarted ? 200 : 503 }));
    const store = await emptyStorePath();
    const first = await serve(store, [hook.url]);
    await ingestSeed(store);
    // Two taken, then the receiver fails; the server is killed once it has saved its cursor.
    const savedCursor = async () =>
      JSON.parse(await readFile(`${store}.webhooks`, "utf8")).cursors[hook.url];
    await expect.poll(savedCursor, POLL).toMatchObject({ delivered: 2, attempts: 1 });
    first.child.kill("SIGKILL");
    await once(first.child, "exit");

    restarted = true;
    const before = hook.deliveries.length;
    await serve(store, [hook.url]);
    await expect.poll(() => hook.acknowledged().size, POLL).toBe(5);
    expect(hook.deliveries.slice(before).map((delivery) => delivery.event.id)).toEqual([3, 4, 5]);
    await expect.poll(savedCursor, POLL).toEqual({ delivered: 5, attempts: 0 });
  });

  it("refuse to start with WEBHOOK_URLS and no secret, or a receiver that is not http(s)", async () => {
    const store = await emptyStorePath();
    const refusals = [
      [{ WEBHOOK_URLS: "http://127.0.0.1:9/hook" }, "WEBHOOK_SECRET is not"],
      [{ WEBHOOK_URLS: "ftp://127.0.0.1/hook", WEBHOOK_SECRET: SECRET }, "http(s) URLs"],
      [{ WEBHOOK_URLS: "not a url", WEBHOOK_SECRET: SECRET }, "http(s) URLs"],
    ] as const;
    const runs = await Promise.all(
      refusals.map(([env]) =>
        runScript("src/server.ts", [], { PORT: "0", NEWS_DB: store, ...env }),
      ),
    );
    for (const [i, run] of runs.entries()) {
      const [, message] = refusals[i]!;
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`Cannot start: `);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    // Three processes starting at once on a shared 2-core machine.
  }, 90_000);
});

describe("webhook delivery", () => {
  it("sends one resync, purging everything, when the log no longer holds what a receiver missed", async () => {
    // The seed store as if 1,000 changes had come and gone before its five.
    const path = await copyOfEmbeddedStore();
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace(/"counter":(\d)/g, '"counter":100$1'));
    const store = await LowdbStore.open(path);
    expect(await store.changesSince(0)).toBeUndefined();

    const cursors = await JsonCursorStore.open(`${path}.webhooks`);
    const hook = await receiver();
    await cursors.register([hook.url], 0);
    const delivery = await startDelivery({
      store,
      cursors,
      settings: { urls: [hook.url], secrets: [SECRET] },
    });
    try {
      await expect.poll(() => hook.deliveries.length, POLL).toBe(1);
      expect(hook.deliveries[0]!.event).toEqual({
        id: 1005,
        kind: "resync",
        count: 0,
        ids: [],
        globalIds: [],
        tags: [],
        purgeAll: true,
      });
    } finally {
      await delivery.stop();
    }
    const saved = JSON.parse(await readFile(`${path}.webhooks`, "utf8"));
    expect(saved.cursors[hook.url]).toEqual({ delivered: 1005, attempts: 0 });
  });

  it("waits twice as long after each failure, half of it random, up to five minutes", () => {
    expect([1, 2, 3].map((attempts) => retryDelay(attempts, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((attempts) => retryDelay(attempts, () => 1))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(30, () => 1)).toBe(MAX_RETRY_MS);
  });
});
