// Plain Node 20, no build step: `node article.mjs` (NEWS_API defaults to a local `npm start`).
import { ArticlePageDocument, createNewsClient, NewsClientError } from "@news-graph/client";

const client = createNewsClient({ url: process.env.NEWS_API ?? "http://localhost:4000/graphql" });

try {
  const { article } = await client.request(ArticlePageDocument, {
    slug: "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn",
  });
  if (!article) throw new Error("no such story"); // an unknown slug is null, not an error
  console.log(article.headline);
  for (const { node, reasons } of article.related.edges.slice(0, 4)) {
    // Why each is related: the editors' read-more box, or the person or topic both mention.
    const why = reasons.map((r) => r.person?.name ?? r.topic?.name ?? "قراءة المزيد");
    console.log(`- ${node.headline} (${why.join("، ")})`);
  }
} catch (error) {
  if (error instanceof NewsClientError) console.error(error.status, error.codes);
  throw error;
}
