import { createServer } from "node:http";
import { createApp } from "./app.js";
import { LowdbStore, storePathFromEnv } from "./store/json/lowdb.js";
import { trustedDocumentsFromSetting } from "./trusted-documents.js";

const port = Number(process.env.PORT ?? 4000);
const store = await LowdbStore.open(storePathFromEnv());
const trustedDocuments = await trustedDocumentsFromSetting(process.env.TRUSTED_DOCUMENTS);
const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const app = createApp({
  store,
  trustedDocuments,
  mode,
  // In production introspection is off unless INTROSPECTION=1 turns it back on.
  introspection: mode === "development" || process.env.INTROSPECTION === "1",
  corsOrigins: (process.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean),
});
const server = createServer(app);

/**
 * Opens the search index in the background (loaded from beside the store, or built, in time
 * slices), so the first search does not wait for it; other requests are served meanwhile.
 */
function warmSearch(): void {
  const started = performance.now();
  store.search([]).then(
    () => console.log(`Search ready in ${((performance.now() - started) / 1000).toFixed(1)} s`),
    (error) => console.error("Search index not ready; the next search tries again.", error),
  );
}

// An ingest rewrites the file; the server swaps in the new data without a restart.
const watcher = store.watch(
  () => {
    console.log(`Reloaded ${store.path}`);
    warmSearch();
  },
  (error) =>
    console.error(`Could not reload ${store.path}; still serving the previous data.`, error),
);

server.listen(port, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(
    `News graph (${mode}) serving ${store.path} at http://localhost:${actualPort}${app.graphqlEndpoint}`,
  );
  if (trustedDocuments) {
    console.log(`Trusted documents only: ${Object.keys(trustedDocuments).length} in the manifest`);
  }
  warmSearch();
});

function shutDown(signal: string): void {
  console.log(`${signal}: closing`);
  watcher.close();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.once("SIGTERM", () => shutDown("SIGTERM"));
process.once("SIGINT", () => shutDown("SIGINT"));
