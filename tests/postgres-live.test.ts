import { describe, expect, it } from "vitest";
import { freshServerDatabase } from "./backends.js";
import { runScript, startServer } from "./helpers.js";
import { seedDate, seedPath } from "./ingest-fixtures.js";
import { MAIN_SLUG } from "./seed.js";
import { nextResults, subscribe } from "./sse.js";

/** Only a PostgreSQL server proves this: PGlite is one connection inside one process. */
const serverUrl = process.env.TEST_DATABASE_URL;

const PUBLISHED = "subscription { articlePublished { slug } }";

describe.runIf(serverUrl)("live updates across replicas on a PostgreSQL server", () => {
  it("a subscriber on one replica hears a story ingested by another process, and resumes on a second replica", async () => {
    const url = await freshServerDatabase(serverUrl!);
    const [one, two] = await Promise.all([
      startServer({ NEWS_DB: url }),
      startServer({ NEWS_DB: url }),
    ]);
    try {
      const stream = await subscribe(one.url, PUBLISHED);
      const ingest = await runScript("src/ingest/cli.ts", ["--date", seedDate, seedPath], {
        NEWS_DB: url,
      });
      expect(ingest.status).toBe(0);
      const ingested = performance.now();
      const heard = await nextResults(stream, 5);
      expect(performance.now() - ingested).toBeLessThan(3000);
      expect(heard.map((r) => r.data.articlePublished.slug)).toContain(MAIN_SLUG);
      await stream.close();

      // The ids are the database's change counter: the other replica resumes from them.
      const resumed = await nextResults(
        await subscribe(two.url, PUBLISHED, { headers: { "last-event-id": heard[0]!.id! } }),
        5,
      );
      expect(resumed.map((r) => r.data)).toEqual(heard.map((r) => r.data));
      expect(resumed.map((r) => r.id)).toEqual(heard.map((r) => r.id));
    } finally {
      one.child.kill();
      two.child.kill();
    }
  });
});
