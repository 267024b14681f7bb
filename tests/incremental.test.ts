import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { LowdbStore } from "../src/store/json/lowdb.js";
import { copyOfEmbeddedStore } from "./helpers.js";

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const MAIN = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';
const READ_MORE = [
  'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين',
  "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن",
  "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل",
  "ترامب: أخلاقي تمنعني من شن عمليات عسكرية",
];

const DEFERRED_RELATED = `query ($slug: String!) { article(slug: $slug) { headline
  ... @defer(label: "related") { related(first: 4) { edges { node { headline } } } } } }`;

let server: Server;
let url: string;
beforeAll(async () => {
  const store = await LowdbStore.open(await copyOfEmbeddedStore());
  server = createServer(createApp({ store, mode: "production" }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => server.close());

const post = (accept: string, query: string, variables: Record<string, unknown> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify({ query, variables }),
  });

/** The JSON parts of a multipart/mixed or event-stream answer, in the order they came. */
const partsOf = (body: string) =>
  [...body.matchAll(/^(?:data: )?(\{.*\})$/gm)].map((match) => JSON.parse(match[1]!));

describe("@defer and @stream", () => {
  for (const accept of ["multipart/mixed", "text/event-stream"]) {
    it(`send an article page's related stories after its headline, as ${accept}, every time`, async () => {
      // Five runs: past the point where graphql-jit compiles other documents.
      for (let run = 0; run < 5; run++) {
        const answer = await post(accept, DEFERRED_RELATED, { slug: MAIN_SLUG });
        expect(answer.headers.get("content-type")).toMatch(new RegExp(`^${accept}`));
        expect(answer.headers.get("cache-control")).toMatch(/no-store/);
        const [first, deferred, ...rest] = partsOf(await answer.text());
        expect(first).toEqual({ data: { article: { headline: MAIN } }, hasNext: true });
        expect(deferred.hasNext).toBe(false);
        expect(deferred.incremental[0].label).toBe("related");
        expect(deferred.incremental[0].path).toEqual(["article"]);
        const headlines = deferred.incremental[0].data.related.edges.map(
          (edge: { node: { headline: string } }) => edge.node.headline,
        );
        expect(headlines).toEqual(READ_MORE);
        expect(rest).toEqual([]);
      }
    });
  }

  it("stream a list's edges one part at a time after the first", async () => {
    const answer = await post(
      "multipart/mixed",
      `{ articles(first: 3) { edges @stream(initialCount: 1) { node { headline } } } }`,
    );
    const parts = partsOf(await answer.text());
    expect(parts[0].data.articles.edges).toHaveLength(1);
    const streamed = parts.slice(1).flatMap((part) => part.incremental ?? []);
    expect(streamed.flatMap((item: { items: unknown[] }) => item.items)).toHaveLength(2);
    expect(parts.at(-1).hasNext).toBe(false);
  });

  it("tell a client that cannot take parts that it must accept them, with a code", async () => {
    for (const accept of ["application/json", "application/graphql-response+json"]) {
      const answer = await post(accept, DEFERRED_RELATED, { slug: MAIN_SLUG });
      expect(answer.status).toBe(406);
      const { errors } = await answer.json();
      expect(errors[0].extensions.code).toBe("NOT_ACCEPTABLE");
      expect(errors[0].message).toMatch(/multipart\/mixed or text\/event-stream/);
    }
  });

  it("count deferred fields in the cost limit", async () => {
    const expensive = `{ articles(first: 100) { edges { node { ... @defer {
      related(first: 100) { edges { node { id } } } } } } } }`;
    const answer = await post("multipart/mixed", expensive);
    expect(await answer.text()).toContain("QUERY_TOO_COSTLY");
  });
});
