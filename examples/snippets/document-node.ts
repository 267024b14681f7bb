import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { NewsDocument } from "@news-graph/client";
import { parse } from "graphql";

/**
 * An SDK document (a string) parsed for clients that take a DocumentNode, such as Apollo Client
 * and urql, with its data and variables types kept.
 */
export const documentNode = <Result, Variables>(
  document: NewsDocument<Result, Variables>,
): TypedDocumentNode<Result, Variables> => parse(document.toString());
