/**
 * The News API SDK: `import { createNewsClient, ArticlePageDocument } from "@news-graph/client"`.
 * The client, its error type and codes, and every generated document, fragment type and enum.
 */
export {
  createNewsClient,
  type NewsClient,
  type NewsClientOptions,
  type NewsDocument,
  type NewsEvent,
  type NewsRequestOptions,
  type NewsSubscribeOptions,
  type PersistedMode,
  type VariablesArgument,
} from "./client.js";
export { newsErrorCodes, type NewsErrorCode } from "./error-codes.js";
export { NewsClientError, type NewsGraphQLError } from "./errors.js";
export { serverSentEvents, type ByteReader, type ServerSentEvent } from "./event-stream.js";
export type { NewsAbortSignal, NewsFetch, NewsFetchInit, NewsFetchResponse } from "./fetch.js";
export * from "./generated/graphql.js";
export type { DocumentTypeDecoration, ResultOf, VariablesOf } from "./typed-document.js";
