import type { DocumentTypeDecoration, NewsDocument } from "@news-graph/client";
import { parse, type DocumentNode } from "graphql";

/**
 * An SDK document (a string) parsed for clients that take a DocumentNode, such as Apollo Client
 * and urql, with its data and variables types kept (a TypedDocumentNode, as they call it).
 */
export const documentNode = <Result, Variables>(
  document: NewsDocument<Result, Variables>,
): DocumentNode & DocumentTypeDecoration<Result, Variables> => parse(document.toString());
