/**
 * The typed-document convention of @graphql-typed-document-node/core, declared here the same
 * way (TypeScript matches them by structure, so Apollo Client, urql and codegen accept either):
 * that package names graphql as a peer, which npm would install with the SDK, 3 MB for a few
 * types. The generated documents import these (codegen.ts points them here).
 */

/** A document that carries its result and variables types. */
export interface DocumentTypeDecoration<TResult, TVariables> {
  /** Never set: only its type is read, to infer the result and variables. */
  __apiType?: (variables: TVariables) => TResult;
}

/** The result type of a typed document. */
export type ResultOf<T> = T extends DocumentTypeDecoration<infer Result, infer _> ? Result : never;

/** The variables type of a typed document. */
export type VariablesOf<T> =
  T extends DocumentTypeDecoration<infer _, infer Variables> ? Variables : never;
