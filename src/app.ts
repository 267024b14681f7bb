import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { PothosValidationError } from "@pothos/core";
import { GraphQLError } from "graphql";
import { createYoga, maskError } from "graphql-yoga";
import { createContext, type Context } from "./context.js";
import { badUserInput } from "./errors.js";
import { schema } from "./schema/index.js";
import type { Store } from "./store/store.js";
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
}

/**
 * Errors the client caused keep their message and code; anything else is an internal fault,
 * reported as INTERNAL_SERVER_ERROR without its message or stack.
 */
function maskUnexpected(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof PothosValidationError) return badUserInput(original.message);
  return maskError(error, message, false);
}

/** The GraphQL app as a fetch handler: the server listens with it, tests call `app.fetch`. */
export function createApp({ store, trustedDocuments }: AppOptions) {
  return createYoga<object, Context>({
    schema,
    context: () => createContext(store),
    graphiql: { defaultQuery: DEFAULT_QUERY, title: "News graph" },
    renderGraphiQL,
    maskedErrors: { maskError: maskUnexpected },
    landingPage: false,
    plugins: trustedDocuments ? [useTrustedDocuments(trustedDocuments)] : [],
  });
}

export type App = ReturnType<typeof createApp>;
