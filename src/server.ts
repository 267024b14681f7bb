import { createServer } from "node:http";
import { createApp } from "./app.js";
import { trustedProxiesFromSetting } from "./http/client-address.js";
import { cdnFromSettings } from "./http/http-caching.js";
import { jitAfterRunsFromSetting } from "./jit.js";
import { LiveHub } from "./live/hub.js";
import { openStore } from "./store/open.js";
import { trustedDocumentsFromSetting } from "./trusted-documents.js";

const port = Number(process.env.PORT ?? 4000);
const { store, description, follow, readiness, close } = await openStore();
const trustedDocuments = await trustedDocumentsFromSetting(process.env.TRUSTED_DOCUMENTS);
const mode = process.env.NODE_ENV === "production" ? "production" : "development";
// Subscriptions hear of every change the store follows through this one hub.
const live = new LiveHub(store);
const app = createApp({
  store,
  live,
  trustedProxies: trustedProxiesFromSetting(process.env.TRUSTED_PROXIES),
  trustedDocuments,
  mode,
  // In production introspection is off unless INTROSPECTION=1 turns it back on.
  introspection: mode === "development" || process.env.INTROSPECTION === "1",
  jitAfterRuns: jitAfterRunsFromSetting(process.env.JIT_AFTER_RUNS),
  cdn: cdnFromSettings(process.env.CACHE_TAG_HEADER, process.env.CDN_MAX_AGE),
  corsOrigins: (process.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean),
});

/**
 * Health for a load balancer or orchestrator: /health/live is the process answering at all
 * (restart it when not); /health/ready is whether it can serve now, its database reachable and
 * its schema recent enough (route traffic elsewhere when not). Why it is not ready goes to the
 * log, not to whoever asks. Plain text, never cached.
 */
async function health(path: string): Promise<[status: number, text: string]> {
  if (path === "/health/live") return [200, "live"];
  if (path !== "/health/ready") return [404, "unknown health check"];
  const problem = await readiness();
  if (problem === undefined) return [200, "ready"];
  console.error(`Not ready: ${problem}`);
  return [503, "not ready"];
}

const server = createServer((request, response) => {
  if (!request.url?.startsWith("/health/")) return app(request, response);
  void health(request.url).then(([status, text]) => {
    response.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" });
    response.end(text);
  });
});

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

// An ingest writes the store; the server moves to the new data without a restart.
const stopFollowing = follow(
  () => {
    console.log(`Reloaded ${description}`);
    live
      .changed()
      .catch((error) => console.error("Live updates could not read the change log.", error));
    warmSearch();
  },
  (error) =>
    console.error(`Could not reload ${description}; still serving the previous data.`, error),
);

server.listen(port, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(
    `News graph (${mode}) serving ${description} at http://localhost:${actualPort}${app.graphqlEndpoint}`,
  );
  if (trustedDocuments) {
    console.log(`Trusted documents only: ${Object.keys(trustedDocuments).length} in the manifest`);
  }
  warmSearch();
});

function shutDown(signal: string): void {
  console.log(`${signal}: closing`);
  stopFollowing();
  server.close(() => void close().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.once("SIGTERM", () => shutDown("SIGTERM"));
process.once("SIGINT", () => shutDown("SIGINT"));
