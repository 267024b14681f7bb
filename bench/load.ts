/**
 * One burst of load: autocannon against one server for a fixed time, with the server's CPU time
 * read from /proc before and after, and every response's latency kept at full resolution
 * (autocannon's own histogram rounds to whole milliseconds).
 */
import autocannon from "autocannon";
import { cpus } from "node:os";
import { cpuMicros, machineBusyMicros } from "./process.js";

export interface BurstOptions {
  url: string;
  /** The server process whose CPU time is charged to the burst. */
  pid: number;
  /** The same body for every request, or one made per request (n counts from 0). */
  body: string | ((n: number) => string);
  connections: number;
  durationSeconds: number;
}

export interface Burst {
  /** Answers with status 200. */
  ok: number;
  /** Answers with any other status, and connection errors or timeouts. */
  failed: number;
  seconds: number;
  /** Latency of each 200 answer, ms. */
  latencies: number[];
  /** The server's CPU time (user + system, all threads) over the burst, µs. */
  serverCpuMicros: number;
  /** This process's (the load generator's) CPU time over the burst, µs. */
  loadCpuMicros: number;
  /**
   * CPU time of every other process on the machine over the burst, µs: other work competing for
   * the cores, which makes a burst slower than it should be.
   */
  otherCpuMicros: number;
}

export async function burst({
  url,
  pid,
  body,
  connections,
  durationSeconds,
}: BurstOptions): Promise<Burst> {
  let counter = 0;
  const request: autocannon.Request =
    typeof body === "string"
      ? { method: "POST", body }
      : { method: "POST", setupRequest: (req) => ({ ...req, body: body(counter++) }) };
  const latencies: number[] = [];
  let failedStatus = 0;
  const machineBefore = machineBusyMicros();
  const serverBefore = cpuMicros(pid);
  const loadBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSeconds,
        headers: { "content-type": "application/json", accept: "application/json" },
        requests: [request],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status === 200) latencies.push(ms);
      else failedStatus++;
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = cpuMicros(pid) - serverBefore;
  const load = process.cpuUsage(loadBefore);
  const machine = machineBusyMicros() - machineBefore;
  return {
    ok: latencies.length,
    failed: failedStatus + result.errors + result.timeouts,
    seconds,
    latencies,
    serverCpuMicros: serverCpu,
    loadCpuMicros: load.user + load.system,
    otherCpuMicros: Math.max(0, machine - serverCpu - load.user - load.system),
  };
}

/** The share of the machine's cores that other processes used over a burst, 0–1. */
export const otherShare = (burst: Pick<Burst, "otherCpuMicros" | "seconds">) =>
  burst.otherCpuMicros / (burst.seconds * 1e6 * cpus().length);

/** The p-th quantile (0–1) of unsorted values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}
