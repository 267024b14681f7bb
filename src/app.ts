import { PothosValidationError } from "@pothos/core";
import { GraphQLError } from "graphql";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { createYoga, maskError, type CORSOptions, type Plugin } from "graphql-yoga";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { useCacheableMark, type CacheServerContext } from "./http/response-cache.js";
import { serve } from "./http/serve.js";
import { LIMITS, limitPlugins } from "./limits.js";
import { createContext, type Context } from "./context.js";
import { badUserInput, storeUnavailable, type ErrorCode } from "./errors.js";
import { schema } from "./schema/index.js";
import { StoreUnavailableError, type Store } from "./store/store.js";
import { useTrustedDocuments, type TrustedDocuments } from "./trusted-documents.js";

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
  /** Answer repeated queries from memory (default on); tests that count store calls turn it off. */
  responseCache?: boolean;
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

/** The GraphQL app: the server listens with it, tests call `app.fetch`. */
export const createApp = (options: AppOptions) =>
  serve(createYogaServer(options), options.responseCache === false ? undefined : options.store);

/** Yoga with the schema and every plugin: what `createApp` serves over HTTP. */
export function createYogaServer({
  store,
  trustedDocuments,
  mode = "development",
  introspection = mode === "development",
  corsOrigins = [],
}: AppOptions) {
  const production = mode === "production";
  return createYoga<CacheServerContext, Context>({
    schema,
    context: () => createContext(store),
    // GraphiQL cannot run anything in trusted-documents mode: it sends query text.
    graphiql: !production &&
      !trustedDocuments && { defaultQuery: DEFAULT_QUERY, title: "News graph" },
    // The bundled, offline GraphiQL is megabytes of script: loaded on the first page, not at start.
    renderGraphiQL: async (options) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    maskedErrors: { maskError: maskUnexpected, isDev: false },
    landingPage: false,
    maxRequestBodySize: LIMITS.bodyBytes,
    cors: (request) => corsFor(request.headers.get("origin"), corsOrigins),
    plugins: [
      usePostCSRFPrevention(),
      useParseErrorsAsBadRequest(),
      ...(trustedDocuments ? [useTrustedDocuments(trustedDocuments)] : []),
      ...limitPlugins({ hideSchema: production }),
      ...(introspection ? [] : [useDisableIntrospection()]),
      // Compiles each document's execution to plain JS once: most of the CPU of a cache miss.
      useGraphQlJit(),
      useCacheableMark(),
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
 * Requests that do not parse are the client's mistake: yoga parses `variables` and `extensions`
 * of a GET or form POST with a bare JSON.parse, so `?variables=x` would be a 500.
 */
function useParseErrorsAsBadRequest(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError("`variables` and `extensions` must be JSON objects.", {
            extensions: { code: "BAD_REQUEST" satisfies ErrorCode, http: { status: 400 } },
          });
        }
      });
    },
  };
}

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
