import { badUserInput } from "../errors.js";
import type { SearchHit } from "../store/records.js";
import { queryProblem } from "../text/search-query.js";
import { Article, ArticleFilterInput, storeFilter } from "./article.js";
import { builder } from "./builder.js";
import { offsetConnection } from "./paging.js";

const SearchField = builder.enumType("SearchField", {
  description: "The part of an article a highlight comes from.",
  values: {
    HEADLINE: { description: "The headline." },
    SUMMARY: { description: "The summary (lede or teaser)." },
    BODY: { description: "A paragraph of the body past the lede; `paragraph` says which." },
  },
});

const HighlightSegment = builder
  .objectRef<SearchHit["highlights"][number]["segments"][number]>("HighlightSegment")
  .implement({
    description: "A run of text in a highlight: render it as text, marked when `match` is true.",
    fields: (t) => ({
      text: t.exposeString("text", { description: "The text, verbatim from the article." }),
      match: t.exposeBoolean("match", {
        description: "True when this run is a word the query matched.",
      }),
    }),
  });

const SearchHighlight = builder
  .objectRef<SearchHit["highlights"][number]>("SearchHighlight")
  .implement({
    description:
      "A snippet of one field with the matched words as separate segments: safe to render, no HTML in it.",
    fields: (t) => ({
      field: t.field({
        type: SearchField,
        description: "Which part of the article.",
        resolve: (h) => h.field,
      }),
      paragraph: t.exposeInt("paragraph", {
        description: "Index into `Article.body` for BODY, else 0.",
      }),
      truncatedStart: t.exposeBoolean("truncatedStart", {
        description: "True when the snippet starts inside the text: show an ellipsis before it.",
      }),
      truncatedEnd: t.exposeBoolean("truncatedEnd", {
        description: "True when the snippet stops before the text ends: show an ellipsis after it.",
      }),
      segments: t.field({
        type: [HighlightSegment],
        description: "The snippet in order, plain and matched runs alternating.",
        resolve: (h) => h.segments,
      }),
    }),
  });

/** Relay's edge is { cursor, node }; a search edge also carries the hit's score and highlights. */
const hitOf = (edge: object) => (edge as { hit: SearchHit }).hit;

const SearchConnection = builder.connectionObject(
  { type: Article, name: "SearchConnection", description: "A page of search results, best first." },
  {
    name: "SearchEdge",
    description: "One search result: the article, how well it matched and where.",
    fields: (t) => ({
      score: t.float({
        description:
          "Relevance (BM25F over headline, summary and body, with phrase, proximity and recency factors). Higher is better; comparable within one query only.",
        resolve: (edge) => hitOf(edge).score,
      }),
      highlights: t.field({
        type: [SearchHighlight],
        description: "Snippets of the headline, summary and best body paragraph that matched.",
        resolve: (edge) => hitOf(edge).highlights,
      }),
    }),
  },
);

builder.queryField("search", (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Full-text search over articles, Arabic-aware: diacritics, hamza forms, ة/ه and attached prefixes (و، ف، ب، ل، ال) do not matter. Words may be in any order (stories with more of them, closer together, rank first); a "quoted phrase" must appear as written.',
    args: {
      query: t.arg.string({
        required: true,
        description: "What the reader typed, at most 500 characters.",
      }),
      first: t.arg.int({ description: "Return the first n results (0 to 100, default 20)." }),
      after: t.arg.string({ description: "Return results after this cursor." }),
      filter: t.arg({ type: ArticleFilterInput, description: "Conditions the results must meet." }),
    },
    resolve: async (_root, args, context) => {
      const problem = queryProblem(args.query);
      if (problem) throw badUserInput(problem);
      const filter = await storeFilter(args.filter, context);
      const connection = await offsetConnection(args, async ({ offset, limit }) => {
        if (!filter) return { items: [], totalCount: 0 };
        const [result] = await context.store.search([{ text: args.query, filter, offset, limit }]);
        return { items: result!.hits, totalCount: result!.totalCount };
      });
      return {
        ...connection,
        edges: connection.edges.map(({ cursor, node }) => ({
          cursor,
          node: node.article,
          hit: node,
        })),
      };
    },
  }),
);
