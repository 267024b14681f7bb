/**
 * Apollo Server 5 with its defaults (standalone, on node:http), serving this project's schema
 * object with the same per-request context as our server. NEWS_DB names the store.
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createContext, type Context } from "../../src/context.js";
import { schema } from "../../src/schema/index.js";
import { LowdbStore, storePathFromEnv } from "../../src/store/json/lowdb.js";
import { closeOnSignal } from "./announce.js";

const store = await LowdbStore.open(storePathFromEnv());
const server = new ApolloServer<Context>({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: "127.0.0.1" },
  context: async () => createContext(store),
});
console.log(`apollo listening at ${url.replace(/\/$/, "")}/graphql`);
closeOnSignal(() => server.stop());
