/**
 * node --import tsx bench/live.ts [SUBSCRIBERS…]   (default 1 100 1000)
 *
 * For each count: a server on an empty JSON store, that many articlePublished streams open (as
 * 100 clients each, behind a trusted proxy, so the per-address bound holds), then `npm run
 * ingest` of the seed page in another process. Prints, per count, how long after the ingest
 * process exited the subscribers heard the seed's main story: p50 and the last one. Negative
 * means before it exited (the server reloads when the store file is renamed into place).
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverSentEvents } from "@news-graph/client";
import { percentile } from "./load.js";
import { repoRoot, startServer } from "./process.js";

const MAIN = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";
const QUERY = JSON.stringify({ query: "subscription { articlePublished { slug } }" });
const PER_CLIENT = 100;

/** Opens a stream and resolves with the time its main-story event arrives. */
async function heardAt(url: string, client: number): Promise<() => Promise<number>> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      "x-forwarded-for": `198.51.100.${client}`,
    },
    body: QUERY,
  });
  if (response.status !== 200) throw new Error(`stream refused: ${response.status}`);
  const events = serverSentEvents(response.body!.getReader());
  return async () => {
    for await (const event of events) {
      if (event.event === "next" && event.data.includes(MAIN)) {
        const at = performance.now();
        await events.return(undefined);
        return at;
      }
    }
    throw new Error("stream ended without the main story");
  };
}

function ingest(store: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/ingest/cli.ts", "--date", "2026-01-09", "data/pages/"],
      { cwd: repoRoot, env: { ...process.env, NEWS_DB: store }, stdio: "ignore" },
    );
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(performance.now()) : reject(new Error(`ingest exited ${code}`)),
    );
  });
}

async function run(subscribers: number) {
  const store = join(await mkdtemp(join(tmpdir(), "news-live-bench-")), "db.json");
  const server = await startServer({
    name: "ours",
    entry: "src/server.ts",
    env: { ...process.env, PORT: "0", NEWS_DB: store, TRUSTED_PROXIES: "127.0.0.1" },
  });
  try {
    const waits = await Promise.all(
      Array.from({ length: subscribers }, (_, i) =>
        heardAt(server.url, Math.floor(i / PER_CLIENT)),
      ),
    );
    const heard = Promise.all(waits.map((wait) => wait()));
    const exited = await ingest(store);
    const after = (await heard).map((at) => at - exited).sort((a, b) => a - b);
    return { subscribers, p50: percentile(after, 0.5), last: after.at(-1)! };
  } finally {
    await server.stop();
  }
}

const counts = process.argv.slice(2).map(Number);
console.log("| subscribers | p50 after ingest exit (ms) | last (ms) |");
console.log("| ----------: | -------------------------: | --------: |");
for (const count of counts.length > 0 ? counts : [1, 100, 1000]) {
  const { subscribers, p50, last } = await run(count);
  console.log(`| ${subscribers} | ${p50.toFixed(0)} | ${last.toFixed(0)} |`);
}
