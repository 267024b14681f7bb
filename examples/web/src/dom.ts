import type { ArticleCardFragment } from "@news-graph/client";

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; text goes in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children.flat()) if (child) element.append(child);
  return element;
}

/** Dates as Arabic readers write them: "٩ يناير ٢٠٢٦". Stamps are midnight UTC of the day. */
const dateFormat = new Intl.DateTimeFormat("ar", { dateStyle: "long", timeZone: "UTC" });
export const arabicDate = (iso: string) =>
  el("time", { datetime: iso }, dateFormat.format(new Date(iso)));

/** Arabic counts minutes in five forms: دقيقة واحدة، دقيقتان، ٣ دقائق، ١١ دقيقة. */
const minuteForms: Partial<Record<Intl.LDMLPluralRule, (n: number) => string>> = {
  one: () => "دقيقة واحدة",
  two: () => "دقيقتان",
  few: (n) => `${n} دقائق`,
};
const plural = new Intl.PluralRules("ar");
export const readingTime = (minutes: number) =>
  `${(minuteForms[plural.select(minutes)] ?? ((n: number) => `${n} دقيقة`))(minutes)} قراءة`;

export const articleLink = (slug: string) => `#/article/${encodeURIComponent(slug)}`;
export const topicLink = (slug: string) => `#/topic/${encodeURIComponent(slug)}`;

/** A topic as a link to its page. */
export const topicChip = (topic: { slug: string; name: string }) =>
  el("a", { class: "chip", href: topicLink(topic.slug) }, topic.name);

/** A story in a list: headline, date, summary and topics. */
export const articleCard = (article: ArticleCardFragment, ...extra: Child[]) =>
  el(
    "article",
    { class: "card" },
    el("h2", {}, el("a", { href: articleLink(article.slug) }, article.headline)),
    arabicDate(article.publishedAt),
    el("p", { class: "summary" }, article.summary),
    ...extra,
    el("nav", { class: "chips", "aria-label": "المواضيع" }, article.topics.map(topicChip)),
  );
