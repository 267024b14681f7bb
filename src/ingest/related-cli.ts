/**
 * npm run related:rebuild
 *
 * The full pass: recomputes every article's related edges in the store NEWS_DB names (data/db.json
 * by default, or a postgres:// URL) from the whole store's counts, the reference that ingests'
 * incremental edges drift from (related.ts). Exit status 0 when written, 2 when it could not run.
 */

import { openStore } from "../store/open.js";
import { relatedLists } from "./related.js";

async function run(argv: readonly string[]): Promise<void> {
  if (argv.length > 0) throw new Error(`takes no arguments, got ${argv.join(" ")}`);
  const { store, description, close } = await openStore({ writer: true });
  try {
    const started = performance.now();
    const edges = await store.rebuildRelated(relatedLists);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`rebuilt ${edges} related edges in ${description} (${seconds} s)`);
  } finally {
    await close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`related:rebuild: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
