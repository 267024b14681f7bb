import { createServer } from "node:http";
import { createApp } from "./app.js";
import { trustedProxiesFromSetting } from "./http/client-address.js";
import { cdnFromSettings } from "./http/http-caching.js";
import { createMetricsRegistry, serveMetrics } from "./http/metrics.js";
import { jitAfterRunsFromSetting } from "./jit.js";
import { consoleLog, jsonLog } from "./log.js";
import { wholeNumberSetting } from "./settings.js";
import { LiveHub } from "./live/hub.js";
import { openStore } from "./store/open.js";
import { trustedDocumentsFromSetting } from "./trusted-documents.js";
import { webhookSettingsFromEnv } from "./webhooks/settings.js";
import { startWebhooks } from "./webhooks/start.js";

/** A setting read at start-up: a bad one stops the server with its message, not a stack. */
function setting<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

const port = Number(process.env.PORT ?? 4000);
const metricsPort = setting(() => wholeNumberSetting("METRICS_PORT", process.env.METRICS_PORT, 0));
const webhookSettings = setting(() => webhookSettingsFromEnv(process.env));
const jitAfterRuns = setting(() => jitAfterRunsFromSetting(process.env.JIT_AFTER_RUNS));
const cdn = setting(() => cdnFromSettings(process.env.CACHE_TAG_HEADER, process.env.CDN_MAX_AGE));
const trustedProxies = setting(() => trustedProxiesFromSetting(process.env.TRUSTED_PROXIES));
const mode = process.env.NODE_ENV === "production" ? "production" : "development";
// In production every line is a JSON object, for a log pipeline; in development, text for people.
const log = mode === "production" ? jsonLog() : consoleLog;
const opened = await openStore();
const { store, description, readiness, close } = opened;
const trustedDocuments = await trustedDocumentsFromSetting(process.env.TRUSTED_DOCUMENTS);
// Subscriptions hear of every change the store follows through this one hub.
const live = new LiveHub(store);

// An ingest writes the store; the server moves to the new data without a restart.
const following = opened.follow(
  () => {
    log.info(`Reloaded ${description}`);
    live
      .changed()
      .catch((error) => log.error("Live updates could not read the change log.", error));
    warmSearch();
  },
  (error) => log.error(`Could not reload ${description}; still serving the previous data.`, error),
);

const metrics =
  metricsPort === undefined
    ? undefined
    : createMetricsRegistry({
        generation: () => store.generation,
        pool: () => opened.poolStats(),
        feed: () => following.lag(),
      });

const app = createApp({
  store,
  live,
  trustedProxies,
  trustedDocuments,
  mode,
  // In production introspection is off unless INTROSPECTION=1 turns it back on.
  introspection: mode === "development" || process.env.INTROSPECTION === "1",
  jitAfterRuns,
  cdn,
  corsOrigins: (process.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean),
  log,
  metrics,
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
  log.warn(`Not ready: ${problem}`);
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
    () => log.info(`Search ready in ${((performance.now() - started) / 1000).toFixed(1)} s`),
    (error) => log.error("Search index not ready; the next search tries again.", error),
  );
}

// Metrics on a port of their own: the public port, behind the balancer, never serves them.
const metricsServer = metrics && (await serveMetrics(metrics, metricsPort!));

server.listen(port, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  log.info(
    `News graph (${mode}) serving ${description} at http://localhost:${actualPort}${app.graphqlEndpoint}`,
  );
  const metricsAddress = metricsServer?.address();
  if (typeof metricsAddress === "object" && metricsAddress) {
    log.info(`Metrics at http://localhost:${metricsAddress.port}/metrics`);
  }
  if (trustedDocuments) {
    log.info(`Trusted documents only: ${Object.keys(trustedDocuments).length} in the manifest`);
  }
  warmSearch();
});

// Each change is POSTed to the receivers from the change log, beside serving, never in its way.
const webhooks = webhookSettings && (await startWebhooks(opened, webhookSettings));
if (webhookSettings) {
  log.info(`Webhooks: delivering each change to ${webhookSettings.urls.length} receiver(s)`);
}

function shutDown(signal: string): void {
  log.info(`${signal}: closing`);
  following.stop();
  metricsServer?.close();
  // Webhook workers save their cursors before the database pool closes under them.
  server.close(
    () =>
      void Promise.resolve(webhooks?.stop())
        .then(close)
        .finally(() => process.exit(0)),
  );
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.once("SIGTERM", () => shutDown("SIGTERM"));
process.once("SIGINT", () => shutDown("SIGINT"));
