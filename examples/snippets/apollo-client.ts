import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { ArticlePageDocument } from "@news-graph/client";
import manifest from "@news-graph/client/persisted-documents.json" with { type: "json" };
import { Kind, parse, type DocumentNode } from "graphql";
import { documentNode } from "./document-node.js";

const ArticlePage = documentNode(ArticlePageDocument);

/** The hex SHA-256 of a text, with the platform's Web Crypto (browsers, Node 20). */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Apollo Client with automatic persisted queries: a hash over GET, the text once on a miss. */
export const createApolloClient = (url: string) =>
  new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
      new HttpLink({ uri: url }),
    ),
  });

const operationName = (document: DocumentNode) =>
  document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)?.name?.value;

/** Each SDK operation's manifest hash, by operation name. */
const manifestHashes = new Map(
  Object.entries(manifest).map(([id, text]) => [operationName(parse(text)), id.slice(7)]),
);

/** Apollo Client for a trusted-documents server: the manifest's hashes, never the text. */
export const createTrustedApolloClient = (url: string) =>
  new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({
      generateHash: (document) => manifestHashes.get(operationName(document))!,
      useGETForHashedQueries: true,
    }).concat(new HttpLink({ uri: url })),
  });

/** An article page through Apollo's normalised cache. */
export async function articlePage(client: ApolloClient, slug: string) {
  const { data } = await client.query({ query: ArticlePage, variables: { slug } });
  return data?.article ?? null;
}
