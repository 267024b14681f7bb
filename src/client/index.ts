/**
 * The News API SDK: `import { createNewsClient, ArticlePageDocument } from "news-graph/client"`.
 * The client, its error type, and every generated document, fragment type and enum.
 */
export {
  createNewsClient,
  type NewsClient,
  type NewsClientOptions,
  type NewsDocument,
  type VariablesArgument,
} from "./client.js";
export { NewsClientError, type NewsErrorCode, type NewsGraphQLError } from "./errors.js";
export * from "./generated/graphql.js";
