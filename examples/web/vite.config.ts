import { defineConfig } from "vite";

/**
 * The API the pages call at /graphql: a local `npm start` unless NEWS_API names another server.
 * The dev and preview servers proxy to it, so the browser sees one origin and needs no CORS.
 */
const api = new URL(process.env["NEWS_API"] ?? "http://localhost:4000/graphql");
const proxy = { "/graphql": { target: api.origin, changeOrigin: true } };

export default defineConfig({
  server: { proxy },
  preview: { proxy },
});
