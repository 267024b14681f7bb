import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { ErrorCode } from "./errors.js";

/**
 * A persisted-documents manifest as codegen's client preset writes it: document id
 * ("sha256:" + the hex SHA-256 of the document text) → document text.
 */
export type TrustedDocuments = Readonly<Record<string, string>>;

/** The manifest of the SDK's own operations (`npm run codegen` writes it, committed). */
export const sdkManifestPath = fileURLToPath(
  new URL("./client/generated/persisted-documents.json", import.meta.url),
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

const rejection = (code: ErrorCode, message: string) => ({
  message,
  extensions: { code, http: { status: 400 } },
});

/**
 * Trusted-documents mode: a request names a manifest document by its hash, the Apollo
 * persisted-query way (`extensions.persistedQuery.sha256Hash`, hex, with or without the
 * "sha256:" prefix), and only those documents run. Query text is refused, even a manifest's own.
 */
export const useTrustedDocuments = (documents: TrustedDocuments) =>
  usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params) => {
      const persisted = (params.extensions as { persistedQuery?: unknown } | undefined)
        ?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
      if (persisted?.version !== 1 || typeof persisted.sha256Hash !== "string") return null;
      const hash = persisted.sha256Hash;
      return hash.startsWith("sha256:") ? hash : `sha256:${hash}`;
    },
    getPersistedOperation: (id) => (Object.hasOwn(documents, id) ? documents[id]! : null),
    customErrors: {
      persistedQueryOnly: rejection(
        "PERSISTED_QUERY_ONLY",
        "This server runs trusted documents only: send the document's hash in extensions.persistedQuery.sha256Hash, not its text.",
      ),
      notFound: rejection(
        "PERSISTED_QUERY_NOT_FOUND",
        "No trusted document has this hash: the server's manifest does not list it.",
      ),
      keyNotFound: rejection(
        "PERSISTED_QUERY_ID_REQUIRED",
        "Send a trusted document's hash in extensions.persistedQuery.sha256Hash.",
      ),
    },
  });
