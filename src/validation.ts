import { GraphQLError, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ErrorCode } from "./errors.js";

/**
 * Refuses an operation whose type the schema has no root for (this API has queries only): left
 * to execution, a `subscription` would fault inside graphql-jit (a 500 and a stack in the log)
 * and a `mutation` would fail without a code.
 */
const operationTypeHasRoot: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(
      new GraphQLError(`This API has no ${operation.operation}s: it answers queries only.`, {
        nodes: [operation],
        extensions: { code: "OPERATION_NOT_SUPPORTED" satisfies ErrorCode },
      }),
    );
  },
});

export function useOperationTypeCheck(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(operationTypeHasRoot);
    },
  };
}
