/**
 * The stored shapes: what data/db.json holds, and what every store backend returns.
 * Plain data, no GraphQL: the schema maps these to the public types.
 */

/** How many times an article names one person or topic. */
export interface MentionRecord {
  id: string;
  count: number;
}

export interface ArticleRecord {
  /** Stable id derived from the normalised headline, so re-ingesting a page finds the same story. */
  id: string;
  slug: string;
  headline: string;
  /** The lede paragraph of a full story, or the teaser text of a read-more story. */
  summary: string;
  /** True when the page cut the teaser off mid-sentence. */
  summaryTruncated: boolean;
  /** One string per paragraph, lede included; empty when only a teaser is known. */
  body: string[];
  language: string;
  /** ISO 8601, UTC, with Z. */
  publishedAt: string;
  updatedAt: string;
  wordCount: number;
  /** Most mentioned first, ties by id. */
  topics: MentionRecord[];
  people: MentionRecord[];
}

export type TopicKind = "PLACE" | "ORGANISATION" | "SUBJECT";

export interface TopicRecord {
  id: string;
  slug: string;
  name: string;
  /** English transliteration or translation of the name. */
  nameEn: string;
  kind: TopicKind;
  aliases: string[];
  description: string | null;
}

export interface PersonRecord {
  id: string;
  slug: string;
  name: string;
  nameEn: string;
  aliases: string[];
  description: string | null;
}

/** A read-more link chosen by the editors, in the box's order. */
export interface EditorialLinkRecord {
  fromId: string;
  toId: string;
  position: number;
}

export type RelatedReasonRecord =
  | { kind: "EDITORIAL" }
  | { kind: "SHARED_PERSON"; personId: string }
  | { kind: "SHARED_TOPIC"; topicId: string };

/** One related-story edge, computed when the store changes, never per request. */
export interface RelatedEdgeRecord {
  fromId: string;
  toId: string;
  score: number;
  reasons: RelatedReasonRecord[];
}

/**
 * An article as related-story scoring sees it: its date and its entities as keys ("p:ID" for a
 * person, "t:ID" for a topic), sorted. No text: a full pass holds a million of these.
 */
export interface RelatedNode {
  id: string;
  publishedAt: string;
  keys: string[];
}

export type SearchField = "HEADLINE" | "SUMMARY" | "BODY";

/** One piece of a field's text; matched words are their own segments, so a frontend can mark them. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

/** A snippet of a field a search matched. */
export interface Highlight {
  field: SearchField;
  /** Index into Article.body for BODY highlights, else 0. */
  paragraph: number;
  /** True when text was cut before or after the segments. */
  truncatedStart: boolean;
  truncatedEnd: boolean;
  segments: HighlightSegment[];
}

/** How many stories of a search's whole result mention one topic or person. */
export interface FacetCount {
  /** A topic's or person's id. */
  id: string;
  /** Matching stories that mention it. */
  count: number;
}

export interface Facets {
  topics: FacetCount[];
  people: FacetCount[];
  /** False when the result held more stories than the exact cap and the counts are estimates. */
  exact: boolean;
}

/** One search result: the article, its score and where it matched. */
export interface SearchHit {
  article: ArticleRecord;
  score: number;
  highlights: Highlight[];
}

/** The whole store as one document: the shape of data/db.json. */
export interface StoreData {
  articles: ArticleRecord[];
  topics: TopicRecord[];
  people: PersonRecord[];
  editorialLinks: EditorialLinkRecord[];
  /** Per article in serving order: editorial links first (box order), then by score. */
  relatedEdges: RelatedEdgeRecord[];
}

export const emptyStoreData = (): StoreData => ({
  articles: [],
  topics: [],
  people: [],
  editorialLinks: [],
  relatedEdges: [],
});
