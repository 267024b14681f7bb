import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** `npm run test:e2e`: the browser tests in e2e/, which `npm test` does not run. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // The browser tests once, not once per store backend as the projects of `npm test` run.
    projects: undefined,
    include: ["e2e/**/*.e2e.ts"],
    // Chromium parsing GraphiQL's 9 MB page on a busy 2-core machine: allow a minute a step.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
