import { PothosValidationError } from "@pothos/core";
import { GraphQLError } from "graphql";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { useDeferStream } from "@graphql-yoga/plugin-defer-stream";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { createYoga, maskError, type CORSOptions, type Plugin } from "graphql-yoga";
import type { Registry } from "prom-client";
import type { IncomingMessage } from "node:http";
import type { BlockList } from "node:net";
import { clientAddress, trustedProxiesFromSetting } from "./http/client-address.js";
import { useEventStream } from "./http/event-stream.js";
import { useHttpCaching, type CacheServerContext, type CdnOptions } from "./http/http-caching.js";
import { usePrometheusMetrics } from "./http/metrics.js";
import { requestLogPlugins, type RequestLogContext } from "./http/request-log.js";
import { useProductionPage } from "./http/production-page.js";
import { useCodedRefusals, useParseErrorsAsBadRequest } from "./http/request-errors.js";
import { JIT_AFTER_RUNS, useJitForRepeatedDocuments } from "./jit.js";
import { LIMITS, limitPlugins } from "./limits.js";
import { createContext, type Context } from "./context.js";
import { useLiveEvents } from "./live/events.js";
import { LiveHub } from "./live/hub.js";
import { badUserInput, storeUnavailable, type ErrorCode } from "./errors.js";
import { schema } from "./schema/index.js";
import { StoreUnavailableError, type Store } from "./store/store.js";
import { usePersistedDocuments, type TrustedDocuments } from "./trusted-documents.js";
import { useOperationTypeCheck } from "./operation-types.js";
import { consoleLog, type Log } from "./log.js";

/** What GraphiQL opens on: the seed's main story as an article page, runnable as it is. */
export const DEFAULT_QUERY = `# The main story of the seed page, with its topics, people, and related stories and why.
query ArticlePage {
  article(slug: "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn") {
    headline
    summary
    publishedAt
    readingTimeMinutes
    topics { name kind }
    people { name description }
    related(first: 10) {
      totalCount
      edges {
        score
        reasons { kind person { name } topic { name } }
        node { headline summaryTruncated bodyAvailable }
      }
    }
  }
}
`;

export interface AppOptions {
  store: Store;
  /** Trusted-documents mode: only these documents run, named by hash. Off when undefined. */
  trustedDocuments?: TrustedDocuments | undefined;
  /**
   * "production" turns GraphiQL, introspection and field suggestions off; "development" (the
   * default) keeps them. Errors are masked the same way in both.
   */
  mode?: "production" | "development";
  /** In production, introspection stays on only when this is true. */
  introspection?: boolean;
  /** Origins a browser may call the API from, with credentials. Others get no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * Runs of a document with graphql-js before graphql-jit compiles it (default JIT_AFTER_RUNS);
   * 0 compiles on first sight, "off" never compiles.
   */
  jitAfterRuns?: number | "off";
  /** The tag header and lifetime for a CDN in front (default: Surrogate-Key, no CDN lifetime). */
  cdn?: CdnOptions | undefined;
  /**
   * Keep answers to repeated requests in memory (default on); tests that count store calls turn
   * it off. Validators, Cache-Control and compression stay on either way.
   */
  responseCache?: boolean;
  /**
   * Where yoga's messages and a line per request go (default: the console, no request lines).
   * Every response carries its X-Request-Id either way.
   */
  log?: Log;
  /** Count operations, their durations and errors into this registry (default: not counted). */
  metrics?: Registry | undefined;
  /**
   * The hub subscriptions listen to. The server makes one with the store and tells it of every
   * change it follows; without one, subscriptions open on a hub nobody tells anything.
   */
  live?: LiveHub;
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES); none by default. */
  trustedProxies?: BlockList;
  /** Milliseconds between heartbeats on a subscription's stream (HEARTBEAT_MS by default). */
  heartbeatMs?: number;
}

/**
 * Errors the client caused keep their message and code; anything else is an internal fault,
 * reported as INTERNAL_SERVER_ERROR without its message or stack.
 */
function maskUnexpected(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof PothosValidationError) return badUserInput(original.message);
  if (original instanceof StoreUnavailableError) return storeUnavailable();
  return maskError(error, message, false);
}

/**
 * Yoga's log on `log`, but a client's own mistake that Pothos refused (a cursor that does not
 * decode) is one line: yoga logs every error it masks, and a stack for bad input says nothing
 * and floods the log of a server under a fuzzer or an attacker.
 */
const yogaLogging = (log: Log) => ({
  debug: () => {},
  info: (...args: unknown[]) => log.info(args.map(String).join(" ")),
  warn: (...args: unknown[]) => log.warn(args.map(String).join(" ")),
  error: (...args: unknown[]) => {
    const [first] = args;
    const original = first instanceof GraphQLError ? first.originalError : first;
    if (original instanceof PothosValidationError) log.warn(`Refused input: ${original.message}`);
    else log.error(first instanceof Error ? first.message : String(first), first);
  },
});

/**
 * The GraphQL app: the server listens with it (a node:http request listener), tests call
 * `app.fetch`. It is yoga with the HTTP caching layer (kept answers, ETags, compression) as one
 * more plugin, so every request takes the same pipeline.
 */
export const createApp = (options: AppOptions) =>
  yogaWith(options, [
    useHttpCaching({
      store: options.responseCache === false ? undefined : options.store,
      graphqlEndpoint: GRAPHQL_ENDPOINT,
      varyOnOrigin: (options.corsOrigins ?? []).length > 0,
      cdn: options.cdn,
    }),
  ]);

/** Yoga with the schema and every plugin but the HTTP caching layer: what it answers, unchanged. */
export const createYogaServer = (options: AppOptions) => yogaWith(options, []);

const GRAPHQL_ENDPOINT = "/graphql";

function yogaWith(
  {
    store,
    trustedDocuments,
    mode = "development",
    introspection = mode === "development",
    corsOrigins = [],
    jitAfterRuns = JIT_AFTER_RUNS,
    log = consoleLog,
    metrics,
    live = new LiveHub(store),
    trustedProxies = trustedProxiesFromSetting(""),
    heartbeatMs,
  }: AppOptions,
  httpLayer: Plugin<{}, CacheServerContext>[],
) {
  const production = mode === "production";
  const graphiql = !production && !trustedDocuments;
  const requestLog = requestLogPlugins(log);
  return createYoga<CacheServerContext & RequestLogContext & { req?: IncomingMessage }, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: ({ caching, request, req }) =>
      createContext(store, caching?.tags, {
        hub: live,
        client: () =>
          clientAddress(
            req?.socket.remoteAddress,
            request.headers.get("x-forwarded-for"),
            trustedProxies,
          ),
        lastEventId: request.headers.get("last-event-id"),
        signal: request.signal,
      }),
    // GraphiQL cannot run anything in trusted-documents mode: it sends query text.
    graphiql: graphiql && { defaultQuery: DEFAULT_QUERY, title: "News graph" },
    // The bundled, offline GraphiQL is megabytes of script: loaded on the first page, not at start.
    renderGraphiQL: async (options) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    maskedErrors: { maskError: maskUnexpected, isDev: false },
    logging: yogaLogging(log),
    landingPage: false,
    maxRequestBodySize: LIMITS.bodyBytes,
    cors: (request) => corsFor(request.headers.get("origin"), corsOrigins),
    plugins: [
      requestLog.first,
      ...(graphiql ? [] : [useProductionPage(GRAPHQL_ENDPOINT)]),
      // Plugins that must see every request (metrics, auth) go above the HTTP layer: from here
      // on, a repeated request may be answered from the cache.
      ...(metrics ? [usePrometheusMetrics(metrics)] : []),
      ...httpLayer,
      useCodedRefusals(),
      usePostCSRFPrevention(),
      useParseErrorsAsBadRequest(),
      usePersistedDocuments(trustedDocuments),
      useOperationTypeCheck(schema),
      ...limitPlugins({ hideSchema: production }),
      ...(introspection ? [] : [useDisableIntrospection()]),
      // @defer and @stream: incremental answers over multipart/mixed and SSE.
      useDeferStream(),
      // Subscriptions: refused unless the client takes a stream, then one SSE event per change.
      useLiveEvents(),
      useEventStream({ heartbeatMs }),
      ...(jitAfterRuns === "off" ? [] : [useJitForRepeatedDocuments(jitAfterRuns)]),
      // Its response hook runs last: it sees the final status and stamps the final response.
      requestLog.last,
    ],
  });
}

/** CORS for an allowed origin, with credentials; nothing at all for any other. */
function corsFor(origin: string | null, allowed: readonly string[]): CORSOptions {
  if (!origin || !allowed.includes(origin)) return false;
  return {
    origin: [origin],
    credentials: true,
    methods: ["GET", "POST"],
    allowedHeaders: ["content-type", "accept", CSRF_HEADER],
  };
}

/** A header a cross-site form cannot set, so a simple POST that carries it came from a script. */
const CSRF_HEADER = "x-graphql-yoga-csrf";

/**
 * Refuses POSTs a cross-site form could send (form-urlencoded, multipart, text/plain) unless they
 * carry the CSRF header. GET stays open: it can never run a mutation, and CDNs cache it; other
 * methods are refused by yoga anyway.
 */
function usePostCSRFPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (payload.request.method !== "POST") return;
      try {
        return csrf.onRequestParse?.(payload);
      } catch (error) {
        throw new GraphQLError(
          `A ${payload.request.headers.get("content-type")} POST needs the ${CSRF_HEADER} header: a cross-site form could send it.`,
          {
            extensions: { code: "CSRF_HEADER_REQUIRED" satisfies ErrorCode, http: { status: 403 } },
          },
        );
      }
    },
  };
}

export type App = ReturnType<typeof createApp>;
