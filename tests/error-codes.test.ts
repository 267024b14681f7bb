import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { newsErrorCodes } from "@news-graph/client";
import { createApp, type App } from "../src/app.js";
import { errorCodes, type ErrorCode } from "../src/errors.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { LiveHub } from "../src/live/hub.js";
import { StoreUnavailableError, type ChangeEntry, type Store } from "../src/store/store.js";
import { loadTrustedDocuments, sdkManifestPath } from "../src/trusted-documents.js";
import { copyOfEmbeddedStore } from "./helpers.js";

type AppName =
  "open" | "trusted" | "failing" | "unreachable" | "crowded" | "forgetful" | "falling-behind";

/** The rows of the README's "Error codes" table: code → HTTP status. */
async function readmeTable(): Promise<Map<string, number>> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split("## Error codes")[1]!.split("\n## ")[0]!;
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) /gm)];
  return new Map(rows.map(([, code, status]) => [code!, Number(status)]));
}

interface Trigger {
  /** The apps that answer it with the code: open (automatic persisted queries) or trusted. */
  app: AppName | AppName[];
  init: RequestInit;
  path?: string;
}

const json = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

/** A subscription from a client that takes a stream, and JSON for a refusal before one opens. */
const subscription = (headers: Record<string, string> = {}): RequestInit => ({
  ...json({ query: "subscription { articlePublished { id } }" }),
  headers: { accept: "application/graphql-response+json, text/event-stream", ...headers },
});

/** The errors of an answer: its JSON body, or the result a stream ended with. */
async function errorsOf(response: Response): Promise<{ extensions?: { code?: string } }[]> {
  const text = await response.text();
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    return JSON.parse(text).errors;
  }
  const results = [...text.matchAll(/^data: (\{.*)$/gm)].map(([, data]) => JSON.parse(data!));
  return results.flatMap((result) => result.errors ?? []);
}

/** A request that makes the API answer with each code. */
const triggers: Record<ErrorCode, Trigger> = {
  BAD_USER_INPUT: { app: "open", init: json({ query: "{ articles(first: 101) { totalCount } }" }) },
  INTERNAL_SERVER_ERROR: { app: "failing", init: json({ query: "{ articles { totalCount } }" }) },
  STORE_UNAVAILABLE: { app: "unreachable", init: json({ query: "{ articles { totalCount } }" }) },
  PERSISTED_QUERY_ONLY: { app: "trusted", init: json({ query: "{ articles { totalCount } }" }) },
  PERSISTED_QUERY_NOT_FOUND: {
    app: ["trusted", "open"],
    init: json({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
  },
  PERSISTED_QUERY_ID_REQUIRED: { app: "trusted", init: json({}) },
  OPERATION_NOT_SUPPORTED: {
    app: "open",
    init: json({ query: "mutation { articles { totalCount } }" }),
  },
  TOO_MANY_STREAMS: { app: "crowded", init: subscription() },
  CHANGES_EXPIRED: { app: "forgetful", init: subscription({ "last-event-id": "0" }) },
  STREAM_TOO_SLOW: { app: "falling-behind", init: subscription({ "last-event-id": "0" }) },
  NOT_ACCEPTABLE: {
    app: "open",
    init: { ...json({ query: "{ __typename }" }), headers: { accept: "text/xml" } },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    app: "open",
    init: {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<query>{ __typename }</query>",
    },
  },
  PERSISTED_QUERY_MISMATCH: {
    app: "open",
    init: json({
      query: "{ __typename }",
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    }),
  },
  BAD_REQUEST: { app: "open", init: { method: "POST", body: "{ not json" } },
  GRAPHQL_PARSE_FAILED: { app: "open", init: json({ query: "{ articles {" }) },
  GRAPHQL_VALIDATION_FAILED: { app: "open", init: json({ query: "{ author { name } }" }) },
  OPERATION_RESOLUTION_FAILURE: {
    app: "open",
    init: json({ query: "query A { __typename } query B { __typename }" }),
  },
  REQUEST_ENTITY_TOO_LARGE: {
    app: "open",
    init: json({ query: "{ __typename }", variables: { padding: "x".repeat(64 * 1024) } }),
  },
  QUERY_TOO_DEEP: {
    app: "open",
    init: json({
      query:
        "{ topics { edges { node { articles { edges { node { related { edges { node { id } } } } } } } } } }",
    }),
  },
  TOO_MANY_ALIASES: {
    app: "open",
    init: json({
      query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: topics { totalCount }`).join(" ")} }`,
    }),
  },
  TOO_MANY_DIRECTIVES: {
    app: "open",
    init: json({ query: `{ ${"__typename @include(if: true) ".repeat(51)} }` }),
  },
  CSRF_HEADER_REQUIRED: {
    app: "open",
    init: {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=%7B__typename%7D",
    },
  },
  QUERY_TOO_COSTLY: {
    app: "open",
    init: json({
      query:
        "{ articles(first: 100) { edges { node { related(first: 100) { edges { node { id } } } } } } }",
    }),
  },
};

let apps: Record<AppName, App>;
beforeAll(async () => {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  /** The store, its article lists failing with `error`. */
  const listsFailWith = (error: Error) =>
    new Proxy(store, {
      get: (target, property, receiver) =>
        property === "articlePages"
          ? () => Promise.reject(error)
          : Reflect.get(target, property, receiver),
    }) as Store;
  /** The store, its change log answering `changesSince` with `answer`. */
  const logAnswers = (answer: ChangeEntry[] | undefined) =>
    new Proxy(store, {
      get: (target, property, receiver) =>
        property === "changesSince" ? async () => answer : Reflect.get(target, property, receiver),
    }) as Store;
  const published: ChangeEntry[] = [{ counter: 1, kind: "published", ids: ["a1"] }];
  const noStreams = { perClient: 0, perProcess: 0, backlog: 0 };
  apps = {
    open: createApp({ store }),
    crowded: createApp({ store, live: new LiveHub(store, noStreams) }),
    forgetful: createApp({ store: logAnswers(undefined) }),
    "falling-behind": createApp({
      store,
      live: new LiveHub(logAnswers(published), { ...noStreams, perClient: 1, perProcess: 1 }),
    }),
    trusted: createApp({ store, trustedDocuments: await loadTrustedDocuments([sdkManifestPath]) }),
    failing: createApp({ store: listsFailWith(new Error("disk on fire at /srv/db.json")) }),
    unreachable: createApp({
      store: listsFailWith(
        new StoreUnavailableError("connect ECONNREFUSED 10.0.0.5:5432 (/srv/db.json)"),
      ),
    }),
  };
});

describe("the error codes", () => {
  it("are listed in the README exactly as in src/errors.ts", async () => {
    expect([...(await readmeTable()).keys()]).toEqual(Object.keys(errorCodes));
  });

  it("are the SDK's NewsErrorCode names exactly", () => {
    expect(newsErrorCodes).toEqual(Object.keys(errorCodes));
  });

  const cases = (Object.keys(errorCodes) as ErrorCode[]).flatMap((code) =>
    [triggers[code].app].flat().map((app) => ({ code, app })),
  );
  for (const { code, app } of cases) {
    it(`answer ${code} with the HTTP status the README gives (${app} server)`, async () => {
      const { init } = triggers[code];
      const response = await apps[app].fetch("http://localhost/graphql", {
        ...init,
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
          ...(init.headers as Record<string, string> | undefined),
        },
      });
      const errors = await errorsOf(response);
      expect(errors.map((e) => e.extensions?.code)).toEqual([code]);
      expect(response.status).toBe((await readmeTable()).get(code));
      expect(JSON.stringify(errors)).not.toMatch(/disk on fire|\/srv\//);
    });
  }

  it("answer a method other than GET or POST with BAD_REQUEST and 405", async () => {
    const response = await apps.open.fetch("http://localhost/graphql", { method: "PUT" });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("leave a missing variable without a code, as a 400", async () => {
    const response = await apps.open.fetch("http://localhost/graphql", {
      ...json({ query: "query($slug: String!) { article(slug: $slug) { id } }" }),
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    });
    expect(response.status).toBe(400);
    const [error] = (await response.json()).errors;
    expect(error.message).toMatch(/\$slug/);
    expect(error.extensions).toBeUndefined();
  });
});
