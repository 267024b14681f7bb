import { createHash } from "node:crypto";
import type { CodegenConfig } from "@graphql-codegen/cli";
import {
  addTypenameSelectionDocumentTransform,
  preset as clientPreset,
} from "@graphql-codegen/client-preset";
import { printExecutableGraphQLDocument } from "@graphql-tools/documents";
import { parse } from "graphql";

type GenerateSection = Awaited<ReturnType<typeof clientPreset.buildGeneratesSection>>[number];
type PluginOutput = string | { content: string; prepend?: string[] };

/** An operation as the typed-document-node plugin writes it in string mode, with its hash. */
const OPERATION =
  /export const (\w+Document) = new TypedDocumentString\(`([^`]*)`, (\{"hash":"sha256:([0-9a-f]{64})"\})\)/g;

/**
 * The generated documents as the SDK sends them, their types from the SDK's own
 * typed-document.ts (see there why): each operation's text replaced by the text its
 * manifest entry holds (the client preset hashes a normalised print, not the text it writes), so
 * the hash the SDK sends is the sha256 of the text it sends, and the server can check one
 * against the other (APQ). Every document is marked pure, so a bundler keeps only those an app
 * imports (the preset does not pass `pureMagicComment` on).
 */
function asSent(code: string): string {
  return code
    .replace("from '@graphql-typed-document-node/core'", "from '../typed-document.js'")
    .replace(OPERATION, (_, name: string, text: string, meta: string, hash: string) => {
      const sent = printExecutableGraphQLDocument(parse(text));
      if (createHash("sha256").update(sent).digest("hex") !== hash) {
        throw new Error(`${name}: the manifest's hash is not the sha256 of the text to send`);
      }
      return `export const ${name} = new TypedDocumentString(\`${sent}\`, ${meta})`;
    })
    .replaceAll(" = new TypedDocumentString(", " = /*#__PURE__*/ new TypedDocumentString(");
}

/** graphql.ts's section with its documents rewritten by `asSent`; the other sections as they are. */
function withDocumentsAsSent(section: GenerateSection): GenerateSection {
  if (!section.filename.endsWith("/graphql.ts")) return section;
  const documents = section.pluginMap["typed-document-node"]!;
  const plugin: typeof documents.plugin = async (...args) => {
    const output: PluginOutput = await documents.plugin(...args);
    return typeof output === "string"
      ? asSent(output)
      : { ...output, content: asSent(output.content), prepend: output.prepend?.map(asSent) };
  };
  return {
    ...section,
    pluginMap: { ...section.pluginMap, "typed-document-node": { ...documents, plugin } },
  };
}

/** The client preset, its documents written as the SDK sends them. */
const sdkPreset: typeof clientPreset = {
  ...clientPreset,
  buildGeneratesSection: async (options) =>
    (await clientPreset.buildGeneratesSection(options)).map(withDocumentsAsSent),
};

/**
 * The SDK's types and documents: the client preset over the committed SDL and the operations in
 * packages/client/operations/, written to packages/client/src/generated/ (committed; `npm run
 * codegen` regenerates, tests/codegen.test.ts fails when it drifts).
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["packages/client/operations/*.graphql"],
  // A glob that matches nothing is a broken config, not an empty SDK.
  ignoreNoDocuments: false,
  generates: {
    "packages/client/src/generated/": {
      preset: sdkPreset,
      // `__typename` in every selection set, so normalising caches (Apollo's InMemoryCache, urql's
      // graphcache) can tell which fragment applies; the manifest hashes the text with it.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      presetConfig: {
        // Off: the SDK is a data layer shared by apps, SSR and scripts, not a component tree.
        // Each query's data type spells out every field, fragments included (see the README).
        fragmentMasking: false,
        // The SDK's entry point is packages/client/src/index.ts; a generated index would only re-export
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
