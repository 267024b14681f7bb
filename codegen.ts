import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The SDK's types and documents: the client preset over the committed SDL and the operations in
 * src/client/operations/, written to src/client/generated/ (committed; `npm run codegen`
 * regenerates, tests/codegen.test.ts fails when it drifts).
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["src/client/operations/*.graphql"],
  // A glob that matches nothing is a broken config, not an empty SDK.
  ignoreNoDocuments: false,
  generates: {
    "src/client/generated/": {
      preset: "client",
      presetConfig: {
        // Off: the SDK is a data layer shared by apps, SSR and scripts, not a component tree.
        // Each query's data type spells out every field, fragments included (see the README).
        fragmentMasking: false,
        // The SDK's entry point is src/client/index.ts; a generated index would only re-export
        // gql.ts's `graphql()` lookup, which these .graphql documents do not need.
        skipIndexFile: true,
        // persisted-documents.json: "sha256:<hex>" → document, and each document's hash in
        // `__meta__.hash`, so the client can send the id instead of the text.
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        // Documents as plain strings: the client needs no graphql runtime in the browser.
        documentMode: "string",
        importExtension: ".js",
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: "string" },
        enumType: "string-literal",
      },
    },
  },
};

export default config;
