/**
 * The practical limit: a bare node:http server that reads each request body and answers with
 * bytes computed once at start-up by running that very body through createApp. No GraphQL per
 * request at all. NEWS_DB names the store; BENCH_REQUESTS a JSON file of the request bodies.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createApp } from "../../src/app.js";
import { LowdbStore, storePathFromEnv } from "../../src/store/json/lowdb.js";
import { announce, closeOnSignal } from "./announce.js";

const bodiesPath = process.env.BENCH_REQUESTS;
if (!bodiesPath) throw new Error("raw: BENCH_REQUESTS must name a JSON file of request bodies");
const bodies = JSON.parse(await readFile(bodiesPath, "utf8")) as string[];

const app = createApp({ store: await LowdbStore.open(storePathFromEnv()), mode: "production" });
const replies = new Map<string, Buffer>();
for (const body of bodies) {
  const response = await app.fetch("http://127.0.0.1/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body,
  });
  if (!response.ok) throw new Error(`raw: HTTP ${response.status} for ${body.slice(0, 80)}…`);
  replies.set(body, Buffer.from(await response.arrayBuffer()));
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const reply = replies.get(Buffer.concat(chunks).toString("utf8"));
    if (!reply) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": reply.length,
    });
    response.end(reply);
  });
});
server.listen(0, "127.0.0.1", () => announce("raw", server.address()));
closeOnSignal(() => new Promise((resolve) => server.close(resolve)));
