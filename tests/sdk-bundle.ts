import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

/** The repository root: the bundle's module ids are absolute paths under it. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * An app's bundle of the SDK, the way its bundler would make it: one minified ES module built by
 * vite from `entry` (a path from the root), which imports the installed @news-graph/client,
 * kept in memory.
 */
export async function bundleSdk(entry: string): Promise<Rollup.OutputChunk> {
  const output = (await build({
    configFile: false,
    logLevel: "silent",
    root,
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ["es"], fileName: "client" },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  return (Array.isArray(output) ? output[0]! : output).output[0];
}
