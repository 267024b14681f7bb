import { Client, fetchExchange } from "@urql/core";
import { ArticlePageDocument } from "@news-graph/client";
import { documentNode } from "./document-node.js";

const ArticlePage = documentNode(ArticlePageDocument);

/** An article page through urql's core client (the same documents work with graphcache). */
export async function articlePage(url: string, slug: string) {
  const client = new Client({ url, exchanges: [fetchExchange] });
  const { data, error } = await client.query(ArticlePage, { slug }).toPromise();
  if (error) throw error;
  return data?.article ?? null;
}
