import { defineConfig } from "vitest/config";

export default defineConfig({
  // graphql ships both .mjs and .js; Pothos and yoga load one, a test file would load the
  // other, and graphql refuses to mix them. One copy for everyone:
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    include: ["tests/**/*.test.ts"],
    // Some tests start real server and CLI processes; a shared 2-core machine needs the headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
