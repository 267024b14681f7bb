/**
 * Mercurius on Fastify with graphql-jit (`jit: 1`: a query is compiled from its first run),
 * serving this project's schema object with the same per-request context as our server.
 * NEWS_DB names the store.
 */
import Fastify from "fastify";
import mercurius from "mercurius";
import { createContext } from "../../src/context.js";
import { schema } from "../../src/schema/index.js";
import { LowdbStore, storePathFromEnv } from "../../src/store/json/lowdb.js";
import { announce, closeOnSignal } from "./announce.js";

const store = await LowdbStore.open(storePathFromEnv());
const app = Fastify();
await app.register(mercurius, {
  schema,
  // Mercurius merges this object into its own per-request context.
  context: () => createContext(store),
  jit: 1,
  graphiql: false,
  path: "/graphql",
});
await app.listen({ port: 0, host: "127.0.0.1" });
announce("mercurius", app.server.address());
closeOnSignal(() => app.close());
