/**
 * Server children for the benchmark: start one, find its port, read its CPU time from
 * /proc (no cooperation from the server, nothing added to its requests), stop it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** Clock ticks per second of /proc's utime and stime: 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

export interface ServerChild {
  name: string;
  process: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** ms from spawn until the server printed its address. */
  listenMs: number;
  /** Everything the server printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /**
   * Relative to the repo root: a TypeScript entry, run by node with tsx's loader (no wrapper), or
   * a built `.js` entry, run by node as it is (OUR_SERVER, as `npm start` runs it).
   */
  entry: string;
  /** The child's whole environment (not merged with this process's). */
  env: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  /** Give up after this long without an address line. */
  timeoutMs?: number;
}

/** Our server as `npm start` runs it: built by `buildOurServer`. */
export const OUR_SERVER = "dist/server.js";

/** `npm run build`, as `npm start` does before it serves. */
export function buildOurServer(): void {
  execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
}

/**
 * Starts `node [--import tsx] <entry>` (so the pid is the server itself, not a launcher) and
 * resolves once it prints a line with `http://host:PORT/`.
 */
export function startServer({
  name,
  entry,
  env,
  nodeArgs = [],
  timeoutMs = 120_000,
}: StartOptions): Promise<ServerChild> {
  const started = performance.now();
  const loader = entry.endsWith(".js") ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} printed no address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /http:\/\/[^/\s:]+:(\d+)\//.exec(output);
      if (!match) return;
      child.stdout!.off("data", onData);
      child.stdout!.on("data", (more: Buffer) => (output += more.toString("utf8")));
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({
        name,
        process: child,
        pid: child.pid!,
        port,
        url: `http://127.0.0.1:${port}/graphql`,
        listenMs: performance.now() - started,
        output: () => output,
        stop,
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** CPU time (user + system, all threads) a process has used so far, in µs. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / CLOCK_TICKS;
}

/** Resident memory of a process now and at its peak, in bytes. */
export function memoryOf(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: kb("VmRSS") * 1024, peakRss: kb("VmHWM") * 1024 };
}

/** CPU time all processes on the machine have used so far (busy, not idle or iowait), in µs. */
export function machineBusyMicros(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1e6) / CLOCK_TICKS;
}
