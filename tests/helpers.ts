import { fileURLToPath } from "node:url";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createApp, type App, type AppOptions } from "../src/app.js";
import type { Store } from "../src/store/store.js";
import { copyOfEmbeddedStore, seededStore } from "./backends.js";

export { copyOfEmbeddedStore } from "./backends.js";

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The GraphQL URL the server printed, e.g. http://localhost:41234/graphql. */
  url: string;
  /** Everything the server has printed so far, stdout and stderr. */
  output: () => string;
}

/**
 * Starts `npm start`'s entry point as a real process on a free port over a private copy of the
 * embedded store, as a user would run it; resolves once it prints its URL. `env` adds settings;
 * `entry` is what node runs (the TypeScript source through tsx, or the build in dist/).
 * The caller kills `child`.
 */
export async function startServer(
  env: Record<string, string> = {},
  entry: readonly string[] = ["--import", "tsx", "src/server.ts"],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, PORT: "0", NEWS_DB: await copyOfEmbeddedStore(), ...env },
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/(http:\/\/localhost:\d+\/graphql)/);
      if (match) resolve(match[1]!);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { child, url, output: () => output };
}

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the repo's entry points (e.g. "src/ingest/cli.ts") as its npm script would. */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Wraps a store so a test can count the calls each method receives. */
export function countCalls(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counting = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store: counting, calls };
}

/** The app over a fresh copy of the embedded store on the file's backend, with its store calls counted. */
export async function testApp(
  options: Omit<AppOptions, "store"> = {},
): Promise<{ app: App; calls: Map<string, number> }> {
  const { store, calls } = countCalls(await seededStore());
  // Counting store calls means every query must reach the store: no response cache.
  return { app: createApp({ store, responseCache: false, ...options }), calls };
}

export interface GraphQLResponse<Data = any> {
  status: number;
  data?: Data;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requested: number; limit: number } };
}

/** Posts a query the way a browser would, through the app's real fetch handler. */
export async function query<Data = any>(
  app: App,
  document: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<Data>> {
  const response = await app.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, ...(await response.json()) };
}

/** The error codes of a response, for asserting on failures. */
export const errorCodes = (response: GraphQLResponse): (string | undefined)[] =>
  (response.errors ?? []).map((error) => error.extensions?.code);
