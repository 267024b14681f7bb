import { QueryClient } from "@tanstack/query-core";
import { ArticlePageDocument, createNewsClient, type NewsClient } from "@news-graph/client";

/**
 * An article page's query for TanStack Query (`useQuery(articlePageQuery(news, slug))` in
 * React): the key names the page, and the query's signal cancels the request when it is dropped.
 */
export const articlePageQuery = (news: NewsClient, slug: string) => ({
  queryKey: ["article", slug] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    news.request(ArticlePageDocument, { slug }, { signal }),
});

/** Fetches an article page through a QueryClient's cache. */
export async function articlePage(url: string, slug: string) {
  const queryClient = new QueryClient();
  const news = createNewsClient({ url, persisted: "apq" });
  const { article } = await queryClient.fetchQuery(articlePageQuery(news, slug));
  return article;
}
