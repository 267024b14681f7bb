import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArticlePublishedDocument,
  ArticleUpdatedDocument,
  createNewsClient,
  type ServerSentEvent,
} from "@news-graph/client";
import { createApp } from "../src/app.js";
import { trustedProxiesFromSetting } from "../src/http/client-address.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import { LiveHub, type StreamLimits } from "../src/live/hub.js";
import { LIMITS } from "../src/limits.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import type { ChangeEntry, Store } from "../src/store/store.js";
import { copyOfEmbeddedStore, runScript, startServer, type ServerProcess } from "./helpers.js";
import { nextResults, subscribe } from "./sse.js";
import { oreshnikPagePath, seedDate, seedPath, tempDir } from "./ingest-fixtures.js";

const MAIN_STORY = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const ORESHNIK = "bsarwkh-awryshnyk-mwskw-trd-ala-asthdaf-mqr-bwtyn";
const PUBLISHED = "subscription { articlePublished { slug bodyAvailable } }";

/** A listening server in this process over `app`, on a free port. */
async function listen(app: ReturnType<typeof createApp>): Promise<{ url: string; server: Server }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/graphql`, server };
}

describe("a subscriber to a server on an empty store (JSON, ingest in another process)", () => {
  let server: ServerProcess;
  let store: string;
  const live: ServerSentEvent[] = [];

  beforeAll(async () => {
    store = join(await tempDir(), "db.json");
    server = await startServer({ NEWS_DB: store });
  });
  afterAll(() => void server.child.kill());

  it("hears the seed's main story within 3 s of `npm run ingest` finishing", async () => {
    const stream = await subscribe(server.url, PUBLISHED);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("x-accel-buffering")).toBe("no");
    // Never kept by this server's answer cache or any other: no validator, no lifetime.
    expect(stream.response.headers.get("cache-control")).toBe("no-store");
    expect(stream.response.headers.get("etag")).toBeNull();
    const ingest = await runScript("src/ingest/cli.ts", ["--date", seedDate, seedPath], {
      NEWS_DB: store,
    });
    expect(ingest.status).toBe(0);
    const ingested = performance.now();
    const results = await nextResults(stream, 5);
    expect(performance.now() - ingested).toBeLessThan(3000);
    const slugs = results.map((result) => result.data.articlePublished.slug);
    expect(slugs).toContain(MAIN_STORY);
    expect(results.find((r) => r.data.articlePublished.slug === MAIN_STORY)!.data).toEqual({
      articlePublished: { slug: MAIN_STORY, bodyAvailable: true },
    });
    // One write, one change counter: every story but the last says the one before it, so a
    // client that drops mid-write is sent the write again rather than part of it.
    expect(results.map((r) => r.id)).toEqual(["0", "0", "0", "0", "1"]);
    live.push(...results.map((r) => ({ event: "next", data: JSON.stringify(r.data), id: r.id })));
  });

  it("resumes a reconnect from Last-Event-ID with what it missed, from the change log", async () => {
    const resumed = await nextResults(
      await subscribe(server.url, PUBLISHED, { headers: { "last-event-id": "0" } }),
      5,
    );
    expect(resumed.map((r) => JSON.stringify(r.data))).toEqual(live.map((event) => event.data));
    expect(resumed.at(-1)!.id).toBe("1");
  });

  it("keeps to the stories its filter names, as `articles` does", async () => {
    const filter = { person: "vladimir-putin" };
    const resumed = await subscribe(server.url, ArticlePublishedDocument.toString(), {
      variables: { filter },
      headers: { "last-event-id": "0" },
    });
    const listed = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "query($filter: ArticleFilter) { articles(filter: $filter) { edges { node { slug } } } }",
        variables: { filter },
      }),
    }).then((response) => response.json());
    const expected = listed.data.articles.edges.map((edge: any) => edge.node.slug);
    expect(expected.length).toBeGreaterThan(0);
    const heard = await nextResults(resumed, expected.length);
    expect(heard.map((r) => r.data.articlePublished.slug).sort()).toEqual([...expected].sort());
  });

  it("gives the SDK's typed subscribe the same stories, each with the id to resume after", async () => {
    const client = createNewsClient({ url: server.url });
    const events = client.subscribe(ArticlePublishedDocument, {}, { lastEventId: "0" });
    const heard = [];
    for await (const event of events) {
      heard.push(event);
      if (heard.length === live.length) break;
    }
    expect(heard.map((event) => event.id)).toEqual(live.map((event) => event.id));
    const main = heard.find((event) => event.data.articlePublished.slug === MAIN_STORY)!;
    expect(main.data.articlePublished.headline).toMatch(/^زعيم كوريا الشمالية/);
  });

  it("tells an open teaser's page when a later page upgrades it to the full story", async () => {
    const client = createNewsClient({ url: server.url });
    const { data } = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ article(slug: "${ORESHNIK}") { id bodyAvailable } }` }),
    }).then((response) => response.json());
    expect(data.article.bodyAvailable).toBe(false);
    const stream = await subscribe(server.url, ArticleUpdatedDocument.toString(), {
      variables: { id: data.article.id },
    });
    const ingest = await runScript("src/ingest/cli.ts", ["--date", seedDate, oreshnikPagePath], {
      NEWS_DB: store,
    });
    expect(ingest.status).toBe(0);
    const [event] = await nextResults(stream, 1);
    expect(event!.data.articleUpdated).toMatchObject({ slug: ORESHNIK, bodyAvailable: true });
    expect(event!.data.articleUpdated.body.length).toBeGreaterThan(0);
    expect(Number(event!.id)).toBeGreaterThan(1);
    // The SDK resumes after it with nothing missed in between.
    const after = client.subscribe(
      ArticleUpdatedDocument,
      { id: data.article.id },
      {
        lastEventId: "1",
      },
    );
    const first = await after.next();
    expect(first.value?.id).toBe(event!.id);
    await after.return();
  });

  it("refuses Last-Event-ID that is not an event id with BAD_REQUEST (400)", async () => {
    const stream = await subscribe(server.url, PUBLISHED, { headers: { "last-event-id": "x" } });
    expect(stream.response.status).toBe(400);
    const [result] = await nextResults(stream, 1);
    expect(result!.errors![0].extensions.code).toBe("BAD_REQUEST");
  });

  it("refuses a subscription whose Accept cannot stream with NOT_ACCEPTABLE (406)", async () => {
    const query = encodeURIComponent(PUBLISHED);
    for (const init of [
      { method: "POST", body: JSON.stringify({ query: PUBLISHED }), accept: "application/json" },
      { method: "GET", accept: "application/graphql-response+json, application/json" },
    ]) {
      const response = await fetch(`${server.url}?query=${query}`, {
        method: init.method,
        body: init.body ?? null,
        headers: { "content-type": "application/json", accept: init.accept },
      });
      expect(response.status).toBe(406);
      expect((await response.json()).errors[0].extensions.code).toBe("NOT_ACCEPTABLE");
    }
  });
});

describe("stream bounds", () => {
  let store: LowdbStore;
  beforeAll(async () => {
    store = await LowdbStore.open(await copyOfEmbeddedStore());
  });

  it(`refuses an address's stream past ${LIMITS.streamsPerClient} with TOO_MANY_STREAMS (429); X-Forwarded-For counts only from a trusted proxy`, async () => {
    const trusted = await listen(
      createApp({ store, trustedProxies: trustedProxiesFromSetting("127.0.0.1") }),
    );
    const untrusted = await listen(createApp({ store }));
    try {
      const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
      const open = await Promise.all(
        Array.from({ length: LIMITS.streamsPerClient }, () =>
          subscribe(trusted.url, PUBLISHED, from("203.0.113.7")),
        ),
      );
      expect(open.every((stream) => stream.response.status === 200)).toBe(true);
      const refused = await subscribe(trusted.url, PUBLISHED, from("203.0.113.7"));
      expect(refused.response.status).toBe(429);
      expect((await nextResults(refused, 1))[0]!.errors![0].extensions.code).toBe(
        "TOO_MANY_STREAMS",
      );
      // Another client behind the same proxy has its own bound.
      expect((await subscribe(trusted.url, PUBLISHED, from("203.0.113.8"))).response.status).toBe(
        200,
      );
      // Closing a stream frees its place.
      await open[0]!.close();
      await expect
        .poll(
          async () =>
            (await subscribe(trusted.url, PUBLISHED, from("203.0.113.7"))).response.status,
        )
        .toBe(200);

      // Without trust in the peer, X-Forwarded-For is anyone's to write: the peer's address counts.
      const forged = await Promise.all(
        Array.from({ length: LIMITS.streamsPerClient }, (_, i) =>
          subscribe(untrusted.url, PUBLISHED, from(`198.51.100.${i}`)),
        ),
      );
      expect(forged.every((stream) => stream.response.status === 200)).toBe(true);
      expect(
        (await subscribe(untrusted.url, PUBLISHED, from("198.51.100.200"))).response.status,
      ).toBe(429);
    } finally {
      trusted.server.closeAllConnections();
      untrusted.server.closeAllConnections();
      trusted.server.close();
      untrusted.server.close();
    }
  });

  it("keeps trusted documents and CSRF in force for subscriptions", async () => {
    const trustedDocuments = await loadTrustedDocuments([sdkManifestPath]);
    const hub = new LiveHub(store);
    const { url, server } = await listen(createApp({ store, trustedDocuments, live: hub }));
    const hangUp = new AbortController();
    try {
      // The SDK sends the manifest's hash alone, and the stream opens.
      const client = createNewsClient({ url, persisted: "trusted" });
      const opened = client
        .subscribe(ArticlePublishedDocument, {}, { signal: hangUp.signal })
        .next();
      opened.catch(() => undefined);
      await expect.poll(() => hub.openStreams).toBe(1);
      const text = await subscribe(url, PUBLISHED);
      expect(text.response.status).toBe(400);
      expect((await nextResults(text, 1))[0]!.errors![0].extensions.code).toBe(
        "PERSISTED_QUERY_ONLY",
      );
      const form = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/event-stream",
        },
        body: `query=${encodeURIComponent(PUBLISHED)}`,
      });
      expect(form.status).toBe(403);
    } finally {
      hangUp.abort();
      server.closeAllConnections();
      server.close();
    }
  });

  it("refuses a stream past the process's bound with TOO_MANY_STREAMS (429)", async () => {
    const limits: StreamLimits = { perClient: 100, perProcess: 2, backlog: 10 };
    const { url, server } = await listen(createApp({ store, live: new LiveHub(store, limits) }));
    try {
      await subscribe(url, PUBLISHED);
      await subscribe(url, PUBLISHED);
      expect((await subscribe(url, PUBLISHED)).response.status).toBe(429);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("sends a heartbeat comment while nothing happens", async () => {
    const { url, server } = await listen(createApp({ store, heartbeatMs: 20 }));
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ query: PUBLISHED }),
      });
      const reader = response.body!.getReader();
      let text = "";
      while ((text.match(/^:\n\n/gm) ?? []).length < 3) {
        text += new TextDecoder().decode((await reader.read()).value);
      }
      expect(text).toBe(":\n\n".repeat(text.length / 3));
      await reader.cancel();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("closes a stream whose client stops reading with STREAM_TOO_SLOW, its memory bounded and its place freed", async () => {
    // A store whose log gains one change to the main story per write, each event a large one.
    const [main] = await store.articlesBySlugs([MAIN_STORY]);
    let counter = 0;
    const writing: Store = new Proxy(store, {
      get: (target, property, receiver) =>
        property === "changesSince"
          ? async (after: number): Promise<ChangeEntry[]> =>
              Array.from({ length: counter - after }, (_, i) => ({
                counter: after + i + 1,
                kind: "article",
                ids: [main!.id],
              }))
          : property === "changeCounter"
            ? counter
            : Reflect.get(target, property, receiver),
    });
    const limits: StreamLimits = { perClient: 1, perProcess: 10, backlog: 4 };
    const hub = new LiveHub(writing, limits);
    const { url, server } = await listen(createApp({ store: writing, live: hub }));
    const port = Number(new URL(url).port);
    const bodies = Array.from({ length: 15 }, (_, i) => `b${i}: body`).join(" ");
    const query = `subscription($id: ID!) { articleUpdated(id: $id) { ${bodies} } }`;
    const id = Buffer.from(`Article:${main!.id}`).toString("base64");
    const socket = connect(port, "127.0.0.1");
    try {
      const body = JSON.stringify({ query, variables: { id } });
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      await expect.poll(() => hub.openStreams).toBe(1);
      socket.pause(); // and read nothing more
      // Writes go on until the socket's buffers are full and the stream's backlog overflows.
      while (hub.openStreams > 0) {
        counter++;
        await hub.changed();
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Its place is free at once, though its client has read nothing.
      expect((await subscribe(url, PUBLISHED)).response.status).toBe(200);
      // When the client reads again it finds the events it had, then the coded close, then the end.
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.resume();
      await expect.poll(() => text.includes("event: complete"), { timeout: 10_000 }).toBe(true);
      const last = text.split("event: next\ndata: ").at(-1)!;
      expect(JSON.parse(last.slice(0, last.indexOf("\n")))).toMatchObject({
        errors: [{ extensions: { code: "STREAM_TOO_SLOW" } }],
      });
      expect(counter).toBeGreaterThan(limits.backlog);
    } finally {
      socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
