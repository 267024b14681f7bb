import { writeFile } from "node:fs/promises";
import { printSortedSchema } from "../src/schema/index.js";

/**
 * Writes schema/baseline.graphql, the SDL of the last release that tests/schema-evolution.test.ts
 * compares the schema with. Run it when a release ships, never to silence that test.
 */
const target = new URL("../schema/baseline.graphql", import.meta.url);
await writeFile(target, printSortedSchema());
console.log(`Wrote ${target.pathname}`);
