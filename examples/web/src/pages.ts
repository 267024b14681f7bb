import {
  ArticlePageDocument,
  ArticlePublishedDocument,
  HomeFeedDocument,
  SearchPageDocument,
  TopicPageDocument,
  NewsClientError,
  type NewsClient,
  type RelatedStoryFragment,
  type SearchResultFragment,
} from "@news-graph/client";
import { arabicDate, articleCard, articleLink, el, readingTime, topicChip } from "./dom.js";

/** What a page renders into #page, given the client and the route's parameter. */
export type Page = (news: NewsClient, parameter: string, signal: AbortSignal) => Promise<Node[]>;

const notFound = () => [el("h1", {}, "الصفحة غير موجودة")];

/** The home feed: the newest stories first, and each new one on top as it lands. */
export const homePage: Page = async (news, _, signal) => {
  const { articles } = await news.request(HomeFeedDocument, { first: 20 }, { signal });
  const feed = el(
    "section",
    { class: "feed", "aria-live": "polite" },
    articles.edges.map(({ node }) => articleCard(node)),
  );
  void prependNewStories(news, feed, signal);
  return [el("h1", {}, "آخر الأخبار"), feed];
};

/** How long to wait before listening again after the stream broke. */
const RECONNECT_MS = 5_000;

/**
 * Puts each story published from now on at the top of the feed, until the reader leaves the
 * page. A broken stream is opened again after the last event it delivered, so nothing is missed;
 * when the server no longer has that far back (CHANGES_EXPIRED), from now.
 */
async function prependNewStories(news: NewsClient, feed: HTMLElement, signal: AbortSignal) {
  let lastEventId: string | undefined;
  while (!signal.aborted) {
    try {
      const events = news.subscribe(ArticlePublishedDocument, {}, { signal, lastEventId });
      for await (const { data, id } of events) {
        feed.prepend(articleCard(data.articlePublished));
        lastEventId = id;
      }
    } catch (error) {
      if (error instanceof NewsClientError && error.hasCode("CHANGES_EXPIRED")) {
        lastEventId = undefined;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

/** Why a story is related, in words: the editors' box, or the person or topic both share. */
function reasonText({ kind, person, topic }: RelatedStoryFragment["reasons"][number]): string {
  if (kind === "EDITORIAL") return "من «قراءة المزيد»";
  if (kind === "SHARED_PERSON") return `يذكر ${person?.name ?? ""}`;
  return `عن ${topic?.name ?? ""}`;
}

const relatedStory = (edge: RelatedStoryFragment) =>
  el(
    "li",
    { class: "related-story" },
    el("a", { href: articleLink(edge.node.slug) }, edge.node.headline),
    el(
      "ul",
      { class: "reasons" },
      edge.reasons.map((reason) => el("li", {}, reasonText(reason))),
    ),
  );

/** An article: headline, date, body, topics, people, and related stories with their reasons. */
export const articlePage: Page = async (news, slug, signal) => {
  const { article } = await news.request(ArticlePageDocument, { slug }, { signal });
  if (!article) return notFound();
  return [
    el(
      "article",
      { class: "story" },
      el("h1", {}, article.headline),
      el(
        "p",
        { class: "meta" },
        arabicDate(article.publishedAt),
        ` · ${readingTime(article.readingTimeMinutes)}`,
      ),
      article.bodyAvailable
        ? el(
            "div",
            { class: "body" },
            article.body.map((paragraph) => el("p", {}, paragraph)),
          )
        : el("p", { class: "summary" }, article.summary, el("em", {}, " (النص الكامل غير متاح)")),
    ),
    el("section", { class: "topics" }, el("h2", {}, "المواضيع"), article.topics.map(topicChip)),
    el(
      "section",
      { class: "people" },
      el("h2", {}, "الأشخاص"),
      el(
        "ul",
        {},
        article.people.map((person) =>
          el(
            "li",
            {},
            el("strong", {}, person.name),
            person.description ? ` — ${person.description}` : "",
          ),
        ),
      ),
    ),
    el(
      "section",
      { class: "related" },
      el("h2", {}, "اقرأ أيضًا"),
      el("ol", {}, article.related.edges.map(relatedStory)),
    ),
  ];
};

/** A topic: its name and description, and its stories, newest first. */
export const topicPage: Page = async (news, slug, signal) => {
  const { topic } = await news.request(TopicPageDocument, { slug }, { signal });
  if (!topic) return notFound();
  return [
    el("h1", {}, topic.name),
    topic.description ? el("p", { class: "summary" }, topic.description) : null,
    el(
      "section",
      { class: "feed" },
      topic.articles.edges.map(({ node }) => articleCard(node)),
    ),
  ].filter((node): node is HTMLElement => node !== null);
};

/** A highlight's text, the matched words marked. */
const highlight = ({
  segments,
  truncatedStart,
  truncatedEnd,
}: SearchResultFragment["highlights"][number]) =>
  el(
    "p",
    { class: "highlight" },
    truncatedStart ? "… " : "",
    segments.map((segment) => (segment.match ? el("mark", {}, segment.text) : segment.text)),
    truncatedEnd ? " …" : "",
  );

/** Search results with their highlights. */
export const searchPage: Page = async (news, query, signal) => {
  if (!query.trim()) return [el("h1", {}, "ابحث في الأخبار")];
  const { search } = await news.request(SearchPageDocument, { query, first: 20 }, { signal });
  return [
    el("h1", {}, `نتائج البحث عن «${query}»: ${search.totalCount}`),
    el(
      "section",
      { class: "feed" },
      search.edges.map((edge) => articleCard(edge.node, ...edge.highlights.map(highlight))),
    ),
  ];
};
