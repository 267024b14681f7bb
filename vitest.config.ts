import { defineConfig } from "vitest/config";

/**
 * The tests that run on both store backends: the store's contract, the ingest, search and the
 * API. The postgres project runs them again on PostgreSQL (TEST_DATABASE_URL, or embedded
 * PGlite), with the tests only PostgreSQL has (tests/postgres-*.test.ts).
 */
const onBothBackends = [
  "tests/api.test.ts",
  "tests/search.test.ts",
  "tests/search-knowledge.test.ts",
  "tests/search-suggest.test.ts",
  "tests/search-judged.test.ts",
  "tests/ingest-store.test.ts",
  "tests/store-contract.test.ts",
];

export default defineConfig({
  // graphql ships both .mjs and .js; Pothos and yoga load one, a test file would load the
  // other, and graphql refuses to mix them. One copy for everyone:
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    // Some tests start real server and CLI processes; a shared 2-core machine needs the headroom.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "json",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/postgres-*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: [...onBothBackends, "tests/postgres-*.test.ts"],
          // A file's first test starts its PGlite (WebAssembly PostgreSQL): 20-25 s on a busy
          // 2-core machine, on top of the test itself.
          testTimeout: 90_000,
          env: { NEWS_TEST_BACKEND: "postgres" },
        },
      },
    ],
  },
});
