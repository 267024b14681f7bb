import type { ArticleRecord } from "../store/records.js";
import { found, orNull, type ArticleFilter, type ArticleKey } from "../store/store.js";
import type { Context } from "../context.js";
import { builder } from "./builder.js";
import { toStoredTime } from "./date-time.js";
import { jsonCursor, keysetConnection, type ConnectionArgs } from "./paging.js";
import { Person } from "./person.js";
import { Topic } from "./topic.js";

/** Words a reader gets through per minute; Arabic news prose reads at about this pace. */
const WORDS_PER_MINUTE = 200;
const RIGHT_TO_LEFT_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);

export const Article = builder.loadableNodeRef("Article", {
  id: { resolve: (article) => article.id },
  load: (ids: string[], context: Context) => context.store.articlesByIds(ids).then(found),
  sort: (article) => article.id,
});

Article.implement({
  description:
    "A news story: a full article, or a read-more teaser whose body the site has not published here.",
  fields: (t) => ({
    slug: t.exposeString("slug", {
      description: "URL-safe name of the story, unique among articles.",
    }),
    headline: t.exposeString("headline", { description: "The story's headline as published." }),
    summary: t.exposeString("summary", {
      description: "The lede paragraph of a full story, or the teaser text of a read-more story.",
    }),
    summaryTruncated: t.exposeBoolean("summaryTruncated", {
      description:
        "True when the page cut the summary off mid-sentence: show an ellipsis after it.",
    }),
    body: t.exposeStringList("body", {
      description:
        "The story's paragraphs in order, lede included, headline excluded; empty when `bodyAvailable` is false.",
    }),
    bodyAvailable: t.boolean({
      description:
        "False for a teaser-only story: only its headline and summary are known, link to the source for the rest.",
      resolve: (article) => article.body.length > 0,
    }),
    language: t.exposeString("language", {
      description: 'BCP 47 language code of the text, e.g. "ar".',
    }),
    direction: t.field({
      type: TextDirection,
      description: "Writing direction of the text, for the `dir` attribute.",
      resolve: (article) => (RIGHT_TO_LEFT_LANGUAGES.has(article.language) ? "RTL" : "LTR"),
    }),
    publishedAt: t.field({
      type: "DateTime",
      description:
        "When the story was published (the page gives the day only: midnight UTC of that day).",
      resolve: (article) => article.publishedAt,
    }),
    updatedAt: t.field({
      type: "DateTime",
      description:
        "When the story was last changed; equals publishedAt when the source gives no update.",
      resolve: (article) => article.updatedAt,
    }),
    wordCount: t.exposeInt("wordCount", {
      description: "Words in the text the API has (summary and body).",
    }),
    readingTimeMinutes: t.int({
      description: `Minutes to read the text the API has, at ${WORDS_PER_MINUTE} words a minute, at least 1.`,
      resolve: (article) => Math.max(1, Math.round(article.wordCount / WORDS_PER_MINUTE)),
    }),
    topics: t.field({
      type: [Topic],
      description: "Places, organisations and subjects the story mentions, most mentioned first.",
      resolve: (article) => article.topics.map((mention) => mention.id),
    }),
    people: t.field({
      type: [Person],
      description: "People the story mentions, most mentioned first.",
      resolve: (article) => article.people.map((mention) => mention.id),
    }),
  }),
});

const TextDirection = builder.enumType("TextDirection", {
  description: "Writing direction of a text.",
  values: {
    RTL: { description: "Right to left, as Arabic." },
    LTR: { description: "Left to right, as English." },
  },
});

export const ArticleOrder = builder.enumType("ArticleOrder", {
  description:
    "Order of an article list. Equal times are ordered by id in the same direction, so one order is exactly the reverse of the other.",
  values: {
    PUBLISHED_AT_DESC: { description: "Newest first." },
    PUBLISHED_AT_ASC: { description: "Oldest first." },
  },
});

export const ArticleFilterInput = builder.inputType("ArticleFilter", {
  description: "Narrows an article list; all given conditions must hold.",
  fields: (t) => ({
    topic: t.string({ description: "Only articles that mention the topic with this slug." }),
    person: t.string({ description: "Only articles that mention the person with this slug." }),
    publishedAfter: t.field({
      type: "DateTime",
      description: "Only articles published at or after this time (inclusive).",
    }),
    publishedBefore: t.field({
      type: "DateTime",
      description: "Only articles published before this time (exclusive).",
    }),
  }),
});

type ArticleFilterArg = typeof ArticleFilterInput.$inferInput;

/** Resolves the slugs of a filter to ids; null when a slug names nothing, so nothing can match. */
export async function storeFilter(
  filter: ArticleFilterArg | null | undefined,
  context: Context,
): Promise<ArticleFilter | null> {
  const [topic] = filter?.topic ? await context.store.topicsBySlugs([filter.topic]) : [undefined];
  const [person] = filter?.person
    ? await context.store.peopleBySlugs([filter.person])
    : [undefined];
  if ((filter?.topic && !topic) || (filter?.person && !person)) return null;
  return {
    topicId: topic?.id,
    personId: person?.id,
    publishedAfter: filter?.publishedAfter ? toStoredTime(filter.publishedAfter) : undefined,
    publishedBefore: filter?.publishedBefore ? toStoredTime(filter.publishedBefore) : undefined,
  };
}

const isArticleKey = (value: unknown): value is ArticleKey =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ArticleKey).publishedAt === "string" &&
  typeof (value as ArticleKey).id === "string";

const articleCursor = jsonCursor<ArticleRecord, ArticleKey>(
  ({ publishedAt, id }) => ({ publishedAt, id }),
  isArticleKey,
);

/** A page of articles, batched per request with every other article list of the same query. */
export const articleConnection = (
  args: ConnectionArgs,
  filter: ArticleFilter | null,
  order: typeof ArticleOrder.$inferType,
  context: Context,
) =>
  keysetConnection(args, articleCursor, (window) =>
    filter
      ? context.loaders.articlePages.load({ filter, order, ...window })
      : Promise.resolve({ items: [], totalCount: 0 }),
  );

export const ArticleConnection = builder.connectionObject(
  { type: Article, name: "ArticleConnection", description: "A page of articles." },
  { name: "ArticleEdge", description: "One article of a page and its cursor." },
);

/** The `orderBy` argument of every article list. */
export const articleOrderArgs = builder.args((t) => ({
  orderBy: t.field({
    type: ArticleOrder,
    defaultValue: "PUBLISHED_AT_DESC",
    description: "Order of the list.",
  }),
}));

builder.queryFields((t) => ({
  article: t.loadable({
    type: Article,
    nullable: true,
    description: "The article with this slug, or null when there is none.",
    args: { slug: t.arg.string({ required: true, description: "The article's slug." }) },
    load: (slugs: string[], context: Context) => context.store.articlesBySlugs(slugs).then(orNull),
    resolve: (_root, args) => args.slug,
  }),
  articles: t.field({
    type: ArticleConnection,
    description: "Articles, newest first unless `orderBy` says otherwise, optionally filtered.",
    args: {
      ...t.arg.connectionArgs(),
      filter: t.arg({
        type: ArticleFilterInput,
        description: "Conditions the articles must meet.",
      }),
      ...articleOrderArgs,
    },
    resolve: async (_root, args, context) =>
      articleConnection(
        args,
        await storeFilter(args.filter, context),
        args.orderBy ?? "PUBLISHED_AT_DESC",
        context,
      ),
  }),
}));
