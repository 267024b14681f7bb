/** The pool's settings and what it makes of a server that is not there; no server needed. */
import { describe, expect, it } from "vitest";
import { createPool, poolSettings, redactUrl } from "../src/store/postgres/pool.js";
import { StoreUnavailableError } from "../src/store/store.js";

describe("the PostgreSQL pool", () => {
  it("prints a URL without its password, and nothing of one it cannot parse", () => {
    expect(redactUrl("postgres://news:s3cret@db.example:5432/news?sslmode=require")).toBe(
      "postgres://news:***@db.example:5432/news?sslmode=require",
    );
    expect(redactUrl("postgres://news:s3cret@[bad")).not.toContain("s3cret");
  });

  it("takes its bounds from the environment, with defaults, and refuses nonsense", () => {
    const url = "postgres://news@db.example/news";
    expect(poolSettings(url, {})).toMatchObject({
      max: 10,
      connectionTimeoutMillis: 5_000,
      query_timeout: 10_000,
      statement_timeout: 10_000,
    });
    expect(
      poolSettings(url, { NEWS_DB_POOL_MAX: "25", NEWS_DB_QUERY_TIMEOUT_MS: "2000" }),
    ).toMatchObject({ max: 25, query_timeout: 2_000, statement_timeout: 2_000 });
    expect(() => poolSettings(url, { NEWS_DB_POOL_MAX: "ten" })).toThrow(
      'NEWS_DB_POOL_MAX must be a whole number of at least 1, got "ten"',
    );
  });

  it("reports a server that is not there as the store being unavailable, at once", async () => {
    // Port 1 on this machine: nothing listens, so the connection is refused.
    const pool = createPool("postgres://news:s3cret@127.0.0.1:1/news");
    try {
      const started = Date.now();
      const error = await pool.query("SELECT 1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).not.toContain("s3cret");
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await pool.end();
    }
  });
});
