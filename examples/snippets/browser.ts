import { createNewsClient, SearchPageDocument } from "@news-graph/client";

// APQ: each search goes out as a short GET a CDN can cache; the text only once per server.
const news = createNewsClient({ url: "/graphql", persisted: "apq" });

let pending: AbortController | undefined;

/** Search as the reader types: each keystroke cancels the previous request. */
export async function searchAsYouType(query: string) {
  pending?.abort();
  pending = new AbortController();
  const { search } = await news.request(SearchPageDocument, { query }, { signal: pending.signal });
  return search.edges.map(({ node, highlights }) => ({
    headline: node.headline,
    // Each highlight is segments of text; `match` marks the words that matched.
    snippets: highlights.map((h) => h.segments.map((s) => (s.match ? `«${s.text}»` : s.text))),
  }));
}
