/**
 * The benchmark's requests: the SDK's own page queries, with variables that name real things in
 * the store being served, picked by asking a running server.
 */
import {
  ArticlePageDocument,
  HomeFeedDocument,
  SearchPageDocument,
  TopicPageDocument,
  type ArticlePageQuery,
  type HomeFeedQuery,
  type SearchPageQuery,
  type TopicPageQuery,
} from "@news-graph/client";
import { Kind, parse } from "graphql";
import { graphqlData } from "./http.js";

export const QUERY_NAMES = ["HomeFeed", "ArticlePage", "TopicPage", "SearchPage"] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

const DOCUMENTS = {
  HomeFeed: HomeFeedDocument,
  ArticlePage: ArticlePageDocument,
  TopicPage: TopicPageDocument,
  SearchPage: SearchPageDocument,
} as const;

/** How a request names its document: by its text, or by its hash (persisted / trusted). */
export type DocumentForm = "text" | "persisted";

/**
 * A variable no SDK operation declares: GraphQL ignores it, but a response cache that keys on
 * the variables sees every request as new. The "distinct" pass sets it to a counter.
 */
export const NONCE_VARIABLE = "benchNonce";

export interface BenchQuery {
  name: QueryName;
  /** What the request asks for, for the table: "HomeFeed first 20", "SearchPage بوتين". */
  label: string;
  variables: Record<string, unknown>;
}

/** The JSON body the SDK's client sends for this query, optionally with a nonce. */
export function requestBody(query: BenchQuery, form: DocumentForm, nonce?: number): string {
  const document = DOCUMENTS[query.name];
  const variables =
    nonce === undefined ? query.variables : { ...query.variables, [NONCE_VARIABLE]: nonce };
  if (form === "text") return JSON.stringify({ query: document.toString(), variables });
  const hash = String(document.__meta__?.["hash"]).replace(/^sha256:/, "");
  return JSON.stringify({
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });
}

/** The top-level alias `uniqueDocumentText` adds for request number `n`. */
export const uniqueAlias = (n: number) => `u${n}`;

/**
 * The query's SDK document with `u<n>: __typename` as the operation's first field: a document
 * text no earlier request used, so a server has to parse, validate and (maybe) compile it, while
 * the data is the SDK query's plus one string. The position comes from the parsed document, so
 * a `{` in a default value or a fragment placed before the operation cannot mislead it.
 */
export function uniqueDocumentText(query: BenchQuery, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`unique document number ${n}: not a count`);
  const text = DOCUMENTS[query.name].toString();
  const operation = parse(text).definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const brace = operation?.selectionSet.loc?.start;
  if (brace === undefined || text[brace] !== "{") {
    throw new Error(`${query.name}: no operation selection set to add an alias to`);
  }
  return `${text.slice(0, brace + 1)}${uniqueAlias(n)}: __typename ${text.slice(brace + 1)}`;
}

/** The JSON body of `uniqueDocumentText` with the query's variables (text form only). */
export const uniqueRequestBody = (query: BenchQuery, n: number): string =>
  JSON.stringify({ query: uniqueDocumentText(query, n), variables: query.variables });

type ArticleCard = HomeFeedQuery["articles"]["edges"][number]["node"];

/** One text-form query to `url`, returning its data. */
const ask = <T>(url: string, query: BenchQuery) => graphqlData<T>(url, requestBody(query, "text"));

/** Cards of the newest articles, up to `limit`, a hundred per request. */
async function newestCards(url: string, limit: number): Promise<ArticleCard[]> {
  const cards: ArticleCard[] = [];
  let after: string | null | undefined;
  while (cards.length < limit) {
    const variables = { first: 100, ...(after ? { after } : {}) };
    const data = await ask<HomeFeedQuery>(url, { name: "HomeFeed", label: "", variables });
    cards.push(...data.articles.edges.map((edge) => edge.node));
    after = data.articles.pageInfo.endCursor;
    if (!data.articles.pageInfo.hasNextPage) break;
  }
  return cards;
}

export interface PickOptions {
  /** Search texts to try in order; the first with hits is used. */
  searchTexts?: string[];
}

/**
 * The four benchmark queries for the store `url` serves: the home feed (20 articles); the page
 * of the newest article with at least ten related edges; the page of the topic the newest
 * articles name most often that fills a page; a search for the first text that has hits
 * (a person's name by default), else the name of a person of the chosen article.
 */
export async function pickQueries(
  url: string,
  { searchTexts = ["بوتين"] }: PickOptions = {},
): Promise<BenchQuery[]> {
  const cards = await newestCards(url, 1000);

  let article: ArticlePageQuery["article"] = null;
  for (const card of cards) {
    const variables = { slug: card.slug };
    const data = await ask<ArticlePageQuery>(url, { name: "ArticlePage", label: "", variables });
    if ((data.article?.related.edges.length ?? 0) >= 10) {
      article = data.article;
      break;
    }
  }
  if (!article) throw new Error(`No article among the newest ${cards.length} has 10 related edges`);

  const topicCounts = new Map<string, number>();
  for (const card of cards.slice(0, 200)) {
    for (const topic of card.topics)
      topicCounts.set(topic.slug, (topicCounts.get(topic.slug) ?? 0) + 1);
  }
  let topic: NonNullable<TopicPageQuery["topic"]> | undefined;
  for (const [slug] of [...topicCounts].sort((a, b) => b[1] - a[1])) {
    const data = await ask<TopicPageQuery>(url, {
      name: "TopicPage",
      label: "",
      variables: { slug },
    });
    if (data.topic && data.topic.articles.edges.length === 20) {
      topic = data.topic;
      break;
    }
  }
  if (!topic) throw new Error("No topic of the newest articles has 20 articles");

  let search: string | undefined;
  for (const text of [...searchTexts, ...article.people.map((person) => person.name)]) {
    const variables = { query: text };
    const data = await ask<SearchPageQuery>(url, { name: "SearchPage", label: "", variables });
    if (data.search.edges.length > 0) {
      search = text;
      break;
    }
  }
  if (!search) throw new Error(`No hits for ${searchTexts.join(", ")} nor this article's people`);

  return [
    { name: "HomeFeed", label: "HomeFeed (first 20)", variables: { first: 20 } },
    {
      name: "ArticlePage",
      label: `ArticlePage (${article.related.edges.length} related of ${article.related.totalCount})`,
      variables: { slug: article.slug },
    },
    { name: "TopicPage", label: `TopicPage ${topic.name}`, variables: { slug: topic.slug } },
    { name: "SearchPage", label: `SearchPage ${search}`, variables: { query: search } },
  ];
}
