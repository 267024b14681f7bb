import { createServer, type Server } from "node:http";
import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { FeedLag } from "../store/postgres/change-feed.js";
import type { PoolStats } from "../store/postgres/db.js";

/** What the gauges read at each scrape: each is absent where the store has none (a JSON file). */
export interface StoreGauges {
  generation(): number;
  pool(): PoolStats | undefined;
  feed(): FeedLag | undefined;
}

/**
 * A registry of this process's metrics: the process's own (CPU, memory, event-loop lag), and
 * the store's pool and change feed, read when scraped. One per process, made by the entry point.
 */
export function createMetricsRegistry(store: StoreGauges): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = (name: string, help: string, read: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    });
  gauge("news_store_generation", "The last change counter this replica serves", () =>
    store.generation(),
  );
  gauge("news_db_pool_connections", "Connections the pool holds", () => store.pool()?.total);
  gauge("news_db_pool_idle_connections", "Connections idle in the pool", () => store.pool()?.idle);
  gauge(
    "news_db_pool_waiting_clients",
    "Queries waiting for a connection",
    () => store.pool()?.waiting,
  );
  gauge(
    "news_change_feed_seconds_since_caught_up",
    "Seconds since the change log was last read",
    () => store.feed()?.secondsSinceCaughtUp,
  );
  gauge(
    "news_change_feed_changes_behind",
    "Announced changes not applied yet",
    () => store.feed()?.changesBehind,
  );
  return registry;
}

/**
 * yoga's Prometheus plugin on `registry`: operations, their durations and errors by operation
 * name and type, and HTTP durations by status. Its /metrics endpoint is off: the metrics are
 * served on their own port (`serveMetrics`), not to the public.
 */
export function usePrometheusMetrics(registry: Registry): Plugin {
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_yoga_http_duration: true,
    },
    // The URL holds a GET's whole query: one series per distinct request would never end.
    labels: { url: false },
  });
}

/** Serves `registry` as Prometheus text at /metrics on `port` (0 picks a free one). */
export function serveMetrics(registry: Registry, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: Error) =>
        response.writeHead(500, { "content-type": "text/plain" }).end(error.message),
    );
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
