/**
 * Builds article records from a parsed page: the main story in full, each read-more teaser as a
 * teaser-only article.
 */

import { createHash } from "node:crypto";
import type { ArticleRecord } from "../store/records.js";
import { tokenize } from "../text/normalize.js";
import { MAX_SLUG_LENGTH, slugify } from "../text/transliterate.js";
import { storyDate } from "./dates.js";
import type { Linker } from "./link.js";
import type { ParsedPage, ParsedTeaser } from "./parse.js";

/** The pages are Arabic news; a page in another language would need its own parser anyway. */
const LANGUAGE = "ar";

/**
 * A story's identity: its headline's normalised words (no stemming), hashed. Diacritics,
 * tatweel, alef forms and punctuation do not change it, so the same story found on another page,
 * as a teaser or in full, gets the same id.
 */
export function storyId(headline: string): string {
  const words = tokenize(headline).map((token) => token.text);
  return createHash("sha256").update(words.join(" ")).digest("hex").slice(0, 12);
}

/**
 * Words as a reader counts them: runs between spaces holding a letter or digit, so a proclitic
 * joined by tatweel to a quote (بـ"الصداقة") is one word and a lone dash is none.
 */
export const countWords = (texts: readonly string[]) =>
  texts.reduce(
    (sum, text) => sum + text.split(/\s+/).filter((word) => /[\p{L}\p{Nd}]/u.test(word)).length,
    0,
  );

/**
 * An article from its parts. Its text is the body for a full story (the lede is its first
 * paragraph) or the teaser for a teaser-only one: dates, mentions and the word count come from
 * that text, the headline counting for dates and mentions but not for the word count (it is not
 * read as part of the story). The slug is left for the store to make unique.
 */
function articleOf(
  parts: { headline: string; summary: string; summaryTruncated: boolean; body: string[] },
  pageDay: string,
  link: Linker,
): ArticleRecord {
  const text = parts.body.length > 0 ? parts.body : [parts.summary];
  const publishedAt = storyDate([parts.headline, ...text], pageDay);
  const { topics, people } = link([parts.headline, ...text]);
  return {
    id: storyId(parts.headline),
    slug: "",
    headline: parts.headline,
    summary: parts.summary,
    summaryTruncated: parts.summaryTruncated,
    body: parts.body,
    language: LANGUAGE,
    publishedAt,
    updatedAt: publishedAt,
    wordCount: countWords(text),
    topics,
    people,
  };
}

/** The page's own story, in full: its lede is its summary. */
export const fullArticle = (page: ParsedPage, pageDay: string, link: Linker): ArticleRecord =>
  articleOf(
    { headline: page.headline, summary: page.body[0]!, summaryTruncated: false, body: page.body },
    pageDay,
    link,
  );

/** A read-more story known only by its teaser. */
export const teaserArticle = (teaser: ParsedTeaser, pageDay: string, link: Linker): ArticleRecord =>
  articleOf(
    {
      headline: teaser.headline,
      summary: teaser.text,
      summaryTruncated: teaser.truncated,
      body: [],
    },
    pageDay,
    link,
  );

/** The slug an article takes unless another holds it: its headline transliterated. */
export const baseSlug = (article: ArticleRecord): string => slugify(article.headline) || "story";

/**
 * A slug for `article` that no other article holds: its headline transliterated, with the start
 * of its id appended on a clash (the article that had the slug first keeps it, so URLs last).
 */
export function uniqueSlug(article: ArticleRecord, holderOf: (slug: string) => string | undefined) {
  const suffix = article.id.slice(0, 8);
  const base = baseSlug(article);
  const holder = holderOf(base);
  if (holder === undefined || holder === article.id) return base;
  return `${slugify(article.headline, MAX_SLUG_LENGTH - suffix.length - 1) || "story"}-${suffix}`;
}
