/**
 * What an operator sees of a production server: Prometheus metrics on their own port, and one
 * JSON log line per request carrying the request id the response echoes. Through a real process
 * and real HTTP, as Prometheus and a log shipper see them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "./helpers.js";

let server: ServerProcess;
let metricsUrl: string;

beforeAll(async () => {
  server = await startServer({ NODE_ENV: "production", METRICS_PORT: "0" });
  // Printed just after the API's own address.
  while (!/Metrics at (\S+)"/.test(server.output())) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  metricsUrl = server.output().match(/Metrics at (\S+)"/)![1]!;
});
afterAll(() => server?.child.kill());

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });

/** The sample lines of a scrape whose name and labels start with `prefix`. */
async function samples(prefix: string): Promise<string[]> {
  const text = await (await fetch(metricsUrl)).text();
  return text.split("\n").filter((line) => line.startsWith(prefix));
}

describe("a production server's operations", () => {
  it("counts each named operation and each error, by operation, on the metrics port", async () => {
    for (const first of [1, 2, 3]) {
      const response = await post(`query HomeCount { articles(first: ${first}) { totalCount } }`);
      expect(await response.json()).toEqual({
        data: { articles: { totalCount: 5 } },
        extensions: { cost: expect.anything() },
      });
    }
    await post("query Misspelt { articlez { totalCount } }");
    expect(await samples('graphql_envelop_request{operationName="HomeCount"')).toEqual([
      'graphql_envelop_request{operationName="HomeCount",operationType="query"} 3',
    ]);
    expect(
      await samples('graphql_envelop_request_duration_count{operationName="HomeCount"'),
    ).toEqual([
      'graphql_envelop_request_duration_count{operationName="HomeCount",operationType="query"} 3',
    ]);
    expect(await samples('graphql_envelop_error_result{operationName="Misspelt"')).toEqual([
      'graphql_envelop_error_result{operationName="Misspelt",operationType="query",phase="validate"} 1',
    ]);
    // A JSON store has no pool and no change feed to lag: the gauges are there, at zero.
    expect(await samples("news_change_feed_changes_behind")).toEqual([
      "news_change_feed_changes_behind 0",
    ]);
  });

  it("does not serve the metrics on the public port", async () => {
    const response = await fetch(new URL("/metrics", server.url));
    expect(response.status).toBe(404);
  });

  it("logs one JSON line per request with the id it echoes, its operation, status and duration", async () => {
    const response = await post("query LoggedOnce { articles(first: 1) { totalCount } }", {
      "x-request-id": "edge-7f3a",
    });
    expect(response.headers.get("x-request-id")).toBe("edge-7f3a");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"edge-7f3a"'))
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "request",
        requestId: "edge-7f3a",
        method: "POST",
        path: "/graphql",
        operation: "LoggedOnce",
        status: 200,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it("replaces an ill-formed request id with its own, and never logs a header's raw value", async () => {
    const response = await post("{ articles(first: 1) { totalCount } }", {
      "x-request-id": "bad id\twith <tags>",
    });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.output()).toContain(`"requestId":"${id}"`);
    expect(server.output()).not.toContain("<tags>");
  });
});
