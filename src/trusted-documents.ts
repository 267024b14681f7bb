import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import {
  persistedQueryError,
  persistedQueryHash,
  useAutomaticPersistedQueries,
} from "./persisted-queries.js";

/**
 * A persisted-documents manifest as codegen's client preset writes it: document id
 * ("sha256:" + the hex SHA-256 of the document text) → document text.
 */
export type TrustedDocuments = Readonly<Record<string, string>>;

/** The manifest of the SDK's own operations, from the installed @news-graph/client package. */
export const sdkManifestPath = createRequire(import.meta.url).resolve(
  "@news-graph/client/persisted-documents.json",
);

const sha256Id = (document: string): string =>
  `sha256:${createHash("sha256").update(document).digest("hex")}`;

/**
 * Reads manifests and merges them, refusing one whose ids are not the hashes of their
 * documents: a hand-edited or truncated manifest fails at startup, not on some request.
 */
export async function loadTrustedDocuments(paths: readonly string[]): Promise<TrustedDocuments> {
  const documents: Record<string, string> = {};
  for (const path of paths) {
    const manifest: unknown = JSON.parse(await readFile(path, "utf8"));
    if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
      throw new Error(`${path}: a manifest is a JSON object of "sha256:<hex>" → document`);
    }
    for (const [id, document] of Object.entries(manifest)) {
      if (typeof document !== "string" || sha256Id(document) !== id) {
        throw new Error(`${path}: ${id} is not the sha256 of its document`);
      }
      documents[id] = document;
    }
  }
  return documents;
}

/**
 * The TRUSTED_DOCUMENTS setting: unset, "" or "0" is off (any query runs); "1" trusts the SDK's
 * manifest; anything else is a comma-separated list of manifest paths, merged.
 */
export async function trustedDocumentsFromSetting(
  setting: string | undefined,
): Promise<TrustedDocuments | undefined> {
  const value = setting?.trim() ?? "";
  if (value === "" || value === "0") return undefined;
  const paths = value === "1" ? [sdkManifestPath] : value.split(",").map((p) => resolve(p.trim()));
  return loadTrustedDocuments(paths);
}

/**
 * Trusted-documents mode: a request names a manifest document by its hash, the Apollo
 * persisted-query way (`extensions.persistedQuery.sha256Hash`, hex, with or without the
 * "sha256:" prefix), and only those documents run. Query text is refused, even a manifest's own.
 */
export const useTrustedDocuments = (documents: TrustedDocuments) =>
  usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params) => {
      const hash = persistedQueryHash(params.extensions);
      return hash === null ? null : `sha256:${hash}`;
    },
    getPersistedOperation: (id) => (Object.hasOwn(documents, id) ? documents[id]! : null),
    customErrors: {
      persistedQueryOnly: persistedQueryError(
        "PERSISTED_QUERY_ONLY",
        400,
        "This server runs trusted documents only: send the document's hash in extensions.persistedQuery.sha256Hash, not its text.",
      ),
      notFound: persistedQueryError(
        "PERSISTED_QUERY_NOT_FOUND",
        404,
        "No trusted document has this hash: the server's manifest does not list it.",
      ),
      keyNotFound: persistedQueryError(
        "PERSISTED_QUERY_ID_REQUIRED",
        400,
        "Send a trusted document's hash in extensions.persistedQuery.sha256Hash.",
      ),
    },
  });

/**
 * How a request may name its document instead of sending it: with trusted documents, only their
 * hashes run (and no text); without, automatic persisted queries (any text, registered by hash).
 */
export const usePersistedDocuments = (trusted: TrustedDocuments | undefined) =>
  trusted ? useTrustedDocuments(trusted) : useAutomaticPersistedQueries();
