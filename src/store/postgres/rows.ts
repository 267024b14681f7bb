/** Rows to records: the columns each read selects and how a row becomes the record the contract returns. */
import type {
  ArticleRecord,
  EditorialLinkRecord,
  MentionRecord,
  PersonRecord,
  RelatedEdgeRecord,
  RelatedReasonRecord,
  TopicKind,
  TopicRecord,
} from "../records.js";

export const ARTICLE_COLUMNS = `a.id, a.slug, a.headline, a.summary, a.summary_truncated, a.body,
  a.language, a.published_at, a.updated_at, a.word_count, a.topics, a.people`;

export interface ArticleRow {
  id: string;
  slug: string;
  headline: string;
  summary: string;
  summary_truncated: boolean;
  body: string[];
  language: string;
  published_at: string;
  updated_at: string;
  word_count: number;
  topics: MentionRecord[];
  people: MentionRecord[];
}

export const articleOf = (row: ArticleRow): ArticleRecord => ({
  id: row.id,
  slug: row.slug,
  headline: row.headline,
  summary: row.summary,
  summaryTruncated: row.summary_truncated,
  body: row.body,
  language: row.language,
  publishedAt: row.published_at,
  updatedAt: row.updated_at,
  wordCount: row.word_count,
  topics: row.topics,
  people: row.people,
});

export const articleRow = (article: ArticleRecord): ArticleRow => ({
  id: article.id,
  slug: article.slug,
  headline: article.headline,
  summary: article.summary,
  summary_truncated: article.summaryTruncated,
  body: article.body,
  language: article.language,
  published_at: article.publishedAt,
  updated_at: article.updatedAt,
  word_count: article.wordCount,
  topics: article.topics,
  people: article.people,
});

export const TOPIC_COLUMNS = "id, slug, name, name_en, kind, aliases, description";
export const PERSON_COLUMNS = "id, slug, name, name_en, aliases, description";

export interface PersonRow {
  id: string;
  slug: string;
  name: string;
  name_en: string;
  aliases: string[];
  description: string | null;
}

export interface TopicRow extends PersonRow {
  kind: TopicKind;
}

export const personOf = (row: PersonRow): PersonRecord => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  nameEn: row.name_en,
  aliases: row.aliases,
  description: row.description,
});

export const topicOf = (row: TopicRow): TopicRecord => ({ ...personOf(row), kind: row.kind });

export const personRow = (person: PersonRecord): PersonRow => ({
  id: person.id,
  slug: person.slug,
  name: person.name,
  name_en: person.nameEn,
  aliases: person.aliases,
  description: person.description,
});

export const topicRow = (topic: TopicRecord): TopicRow => ({
  ...personRow(topic),
  kind: topic.kind,
});

export interface EditorialLinkRow {
  from_id: string;
  position: number;
  to_id: string;
}

export const editorialLinkOf = (row: EditorialLinkRow): EditorialLinkRecord => ({
  fromId: row.from_id,
  toId: row.to_id,
  position: row.position,
});

export interface RelatedEdgeRow {
  from_id: string;
  rank: number;
  to_id: string;
  score: number;
  reasons: RelatedReasonRecord[];
}

export const relatedEdgeOf = (row: RelatedEdgeRow): RelatedEdgeRecord => ({
  fromId: row.from_id,
  toId: row.to_id,
  score: row.score,
  reasons: row.reasons,
});

export const editorialLinkRow = (link: EditorialLinkRecord): EditorialLinkRow => ({
  from_id: link.fromId,
  position: link.position,
  to_id: link.toId,
});

/** One article's edges as rows, ranked in the order given (serving order). */
export const relatedEdgeRows = (edges: readonly RelatedEdgeRecord[]): RelatedEdgeRow[] =>
  edges.map((edge, rank) => ({
    from_id: edge.fromId,
    rank,
    to_id: edge.toId,
    score: edge.score,
    reasons: edge.reasons,
  }));

export interface MentionRow {
  kind: "topic" | "person";
  entity_id: string;
  published_at: string;
  article_id: string;
}

/** Who and what each article mentions, dated, as article_mentions holds them. */
export const mentionRows = (articles: readonly ArticleRecord[]): MentionRow[] =>
  articles.flatMap((article) =>
    (["topic", "person"] as const).flatMap((kind) =>
      article[kind === "topic" ? "topics" : "people"].map((m) => ({
        kind,
        entity_id: m.id,
        published_at: article.publishedAt,
        article_id: article.id,
      })),
    ),
  );
