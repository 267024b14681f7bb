import { getOperationAST, GraphQLError, type GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ErrorCode } from "./errors.js";

/**
 * Refuses an operation whose type the schema has no root for (this API has queries and
 * subscriptions, no mutations), as soon as the document is parsed, whatever the method: left to
 * execution, a `mutation` would fail without a code, and one over GET would be "use POST",
 * which would not help either.
 */
export function useOperationTypeCheck(schema: GraphQLSchema): Plugin {
  return {
    onParse() {
      return ({ result, context }) => {
        if (result instanceof Error || !result) return;
        const operationName = (context as { params?: { operationName?: string } }).params
          ?.operationName;
        const operation = getOperationAST(result, operationName);
        if (!operation || schema.getRootType(operation.operation)) return;
        throw new GraphQLError(
          `This API has no ${operation.operation}s: it answers queries and subscriptions.`,
          {
            nodes: [operation],
            extensions: {
              code: "OPERATION_NOT_SUPPORTED" satisfies ErrorCode,
              http: { status: 400 },
            },
          },
        );
      };
    },
  };
}
