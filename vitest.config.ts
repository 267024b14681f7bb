import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Some tests start real server and CLI processes; a shared 2-core machine needs the headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
