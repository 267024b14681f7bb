import { writeFile } from "node:fs/promises";
import { printSortedSchema } from "../src/schema/index.js";

/** Writes schema/schema.graphql, the committed SDL that tests compare with the code. */
const target = new URL("../schema/schema.graphql", import.meta.url);
await writeFile(target, printSortedSchema());
console.log(`Wrote ${target.pathname}`);
