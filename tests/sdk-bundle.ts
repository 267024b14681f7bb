import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

/** The repository root: the bundle's module ids are absolute paths under it. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The SDK bundled for browsers, the way an app's bundler would: one minified ES module built by
 * vite from `src/client/index.ts`, kept in memory.
 */
export async function bundleSdk(): Promise<Rollup.OutputChunk> {
  const output = (await build({
    configFile: false,
    logLevel: "silent",
    root,
    build: {
      write: false,
      minify: true,
      lib: { entry: "src/client/index.ts", formats: ["es"], fileName: "client" },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  return (Array.isArray(output) ? output[0]! : output).output[0];
}
