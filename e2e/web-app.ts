import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview, type PreviewServer } from "vite";

const webRoot = fileURLToPath(new URL("../examples/web/", import.meta.url));

/** A port free right now on 127.0.0.1, for vite's preview server (which does not take 0). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });

/** The example frontend's production build in `dir`, as a static host would serve it. */
export const buildWebApp = (dir: string) =>
  build({ root: webRoot, logLevel: "silent", build: { outDir: join(dir, "dist") } });

/**
 * Serves the build in `dir` with vite's preview server, its /graphql proxied to `api` (the app's
 * own vite.config.ts reads NEWS_API).
 */
export async function previewWebApp(dir: string, api: string): Promise<PreviewServer> {
  process.env["NEWS_API"] = api;
  return preview({
    root: webRoot,
    logLevel: "silent",
    build: { outDir: join(dir, "dist") },
    preview: { host: "127.0.0.1", port: await freePort(), strictPort: true },
  });
}
