import type { Context } from "../context.js";
import { badUserInput } from "../errors.js";
import type { FacetCount, Facets, SearchHit } from "../store/records.js";
import type { ArticleFilter } from "../store/store.js";
import { FACET_EXACT_CAP, FACET_SIZE } from "../text/facets.js";
import { queryProblem } from "../text/search-query.js";
import { Article, ArticleFilterInput, storeFilter } from "./article.js";
import { builder } from "./builder.js";
import { offsetConnection } from "./paging.js";
import { Person } from "./person.js";
import { Topic } from "./topic.js";

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

const TopicFacet = builder.objectRef<FacetCount>("TopicFacet").implement({
  description: "A topic the results mention, and how many of them do.",
  fields: (t) => ({
    topic: t.field({ type: Topic, description: "The topic.", resolve: (facet) => facet.id }),
    count: t.exposeInt("count", { description: "Results that mention the topic." }),
  }),
});

const PersonFacet = builder.objectRef<FacetCount>("PersonFacet").implement({
  description: "A person the results mention, and how many of them do.",
  fields: (t) => ({
    person: t.field({ type: Person, description: "The person.", resolve: (facet) => facet.id }),
    count: t.exposeInt("count", { description: "Results that mention the person." }),
  }),
});

const SearchFacets = builder.objectRef<Facets>("SearchFacets").implement({
  description: `The topics and people of the whole result, not only this page: narrow the search by one with \`filter\` (topic, person). Counts are exact for up to ${FACET_EXACT_CAP.toLocaleString("en")} results; beyond, they are estimated from the first ${FACET_EXACT_CAP.toLocaleString("en")} and \`exact\` is false.`,
  fields: (t) => ({
    topics: t.field({
      type: [TopicFacet],
      description: `The ${FACET_SIZE} topics most results mention, most first (ties by id).`,
      resolve: (facets) => facets.topics,
    }),
    people: t.field({
      type: [PersonFacet],
      description: `The ${FACET_SIZE} people most results mention, most first (ties by id).`,
      resolve: (facets) => facets.people,
    }),
    exact: t.exposeBoolean("exact", {
      description: "False when the counts are estimates (a result too large to count one by one).",
    }),
  }),
});

/** What a search connection knows beyond its page: the suggestion, and how to count facets. */
interface SearchExtras {
  suggestion: string | null;
  totalCountExact: boolean;
  /** The facets of the whole result: a second pass over the matches, made only when asked. */
  facets: () => Promise<Facets>;
}
const extrasOf = (connection: object) => connection as SearchExtras;

/** Relay's edge is { cursor, node }; a search edge also carries the hit's score and highlights. */
const hitOf = (edge: object) => (edge as { hit: SearchHit }).hit;

const SearchConnection = builder.connectionObject(
  {
    type: Article,
    name: "SearchConnection",
    description: "A page of search results, best first.",
    fields: (t) => ({
      totalCountExact: t.boolean({
        description: `False when \`totalCount\` is an estimate. On PostgreSQL a search ranks and counts at most the newest ${FACET_EXACT_CAP.toLocaleString("en")} matches: up to that, the ranking and the total are exact; beyond, the results are the best of the newest ${FACET_EXACT_CAP.toLocaleString("en")} matches and \`totalCount\` is estimated from how densely they occur. The embedded store ranks and counts every match: always true there.`,
        resolve: (connection) => extrasOf(connection).totalCountExact,
      }),
      suggestion: t.string({
        nullable: true,
        description:
          "When nothing matched: the query with each unknown word replaced by the closest known word or name (by edit distance), if that finds something. Null whenever there are results.",
        resolve: (connection) => extrasOf(connection).suggestion,
      }),
      facets: t.field({
        type: SearchFacets,
        description:
          "How many results mention each topic and person, over the whole result (the filter applied).",
        resolve: (connection) => extrasOf(connection).facets(),
      }),
    }),
  },
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
      'Full-text search over articles, Arabic-aware: diacritics, hamza forms, ة/ه, Persian keyboard letters, attached prefixes (و، ف، ب، ل، ال) and common broken plurals do not matter. A known person, place or organisation named in any form (Arabic, English, another outlet\'s spelling) also finds the stories linked to it. Words may be in any order (stories with more of them, closer together, rank first); a "quoted phrase" (or «phrase») must appear as written.',
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
      let suggestion: string | null = null;
      let totalCountExact = true;
      const connection = await offsetConnection(args, async ({ offset, limit }) => {
        if (!filter) return { items: [], totalCount: 0 };
        const [result] = await context.store.search([{ text: args.query, filter, offset, limit }]);
        suggestion = result!.suggestion;
        totalCountExact = result!.totalCountExact;
        return { items: result!.hits, totalCount: result!.totalCount };
      });
      const extras: SearchExtras = {
        suggestion,
        totalCountExact,
        facets: () => facetsOf(args.query, filter, context),
      };
      return {
        ...connection,
        ...extras,
        edges: connection.edges.map(({ cursor, node }) => ({
          cursor,
          node: node.article,
          hit: node,
        })),
      };
    },
  }),
);

/** Facets of a search; a filter naming nothing (null) has no results and so no facets. */
async function facetsOf(
  text: string,
  filter: ArticleFilter | null,
  context: Context,
): Promise<Facets> {
  if (!filter) return { topics: [], people: [], exact: true };
  const [result] = await context.store.search([
    { text, filter, offset: 0, limit: 0, facets: true },
  ]);
  return result!.facets!;
}
