/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Narrows an article list; all given conditions must hold. */
export type ArticleFilter = {
  /** Only articles that mention the person with this slug. */
  person?: string | null | undefined;
  /** Only articles published at or after this time (inclusive). */
  publishedAfter?: string | null | undefined;
  /** Only articles published before this time (exclusive). */
  publishedBefore?: string | null | undefined;
  /** Only articles that mention the topic with this slug. */
  topic?: string | null | undefined;
};

/** Why one story is related to another. */
export type RelatedReasonKind =
  /** The editors linked it from the story's read-more box. */
  | 'EDITORIAL'
  /** Both stories mention the same person (`person`). */
  | 'SHARED_PERSON'
  /** Both stories mention the same topic (`topic`). */
  | 'SHARED_TOPIC';

/** The part of an article a highlight comes from. */
export type SearchField =
  /** A paragraph of the body past the lede; `paragraph` says which. */
  | 'BODY'
  /** The headline. */
  | 'HEADLINE'
  /** The summary (lede or teaser). */
  | 'SUMMARY';

/** Writing direction of a text. */
export type TextDirection =
  /** Left to right, as English. */
  | 'LTR'
  /** Right to left, as Arabic. */
  | 'RTL';

/** What a topic is. */
export type TopicKind =
  /** An agency, ministry, armed force, news outlet or other body. */
  | 'ORGANISATION'
  /** A country, region or city. */
  | 'PLACE'
  /** A theme or thing the news is about, e.g. a weapon. */
  | 'SUBJECT';

export type RelatedStoryFragment = { cursor: string, score: number, reasons: Array<{ kind: RelatedReasonKind, person: { id: string, slug: string, name: string, description: string | null } | null, topic: { id: string, slug: string, name: string, kind: TopicKind } | null }>, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } };

export type ArticlePageQueryVariables = Exact<{
  slug: string;
  relatedFirst?: number | null | undefined;
  relatedAfter?: string | null | undefined;
}>;


export type ArticlePageQuery = { article: { body: Array<string>, updatedAt: string, wordCount: number, readingTimeMinutes: number, id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, people: Array<{ id: string, slug: string, name: string, description: string | null }>, related: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, score: number, reasons: Array<{ kind: RelatedReasonKind, person: { id: string, slug: string, name: string, description: string | null } | null, topic: { id: string, slug: string, name: string, kind: TopicKind } | null }>, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> }, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } | null };

export type TopicChipFragment = { id: string, slug: string, name: string, kind: TopicKind };

export type PersonChipFragment = { id: string, slug: string, name: string, description: string | null };

export type ArticleCardFragment = { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> };

export type NextPageFragment = { hasNextPage: boolean, endCursor: string | null };

export type ArticleCardListFragment = { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> };

export type HomeFeedQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HomeFeedQuery = { articles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> } };

export type PersonPageQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PersonPageQuery = { person: { nameEn: string, aliases: Array<string>, id: string, slug: string, name: string, description: string | null, articles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> } } | null };

export type SearchResultFragment = { cursor: string, score: number, highlights: Array<{ field: SearchField, paragraph: number, truncatedStart: boolean, truncatedEnd: boolean, segments: Array<{ text: string, match: boolean }> }>, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } };

export type SearchPageQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ArticleFilter | null | undefined;
}>;


export type SearchPageQuery = { search: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, score: number, highlights: Array<{ field: SearchField, paragraph: number, truncatedStart: boolean, truncatedEnd: boolean, segments: Array<{ text: string, match: boolean }> }>, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> } };

export type TopicPageQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TopicPageQuery = { topic: { nameEn: string, description: string | null, id: string, slug: string, name: string, kind: TopicKind, articles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ id: string, slug: string, name: string, kind: TopicKind }> } }> } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PersonChipFragmentDoc = new TypedDocumentString(`
    fragment PersonChip on Person {
  id
  slug
  name
  description
}
    `, {"fragmentName":"PersonChip"}) as unknown as TypedDocumentString<PersonChipFragment, unknown>;
export const TopicChipFragmentDoc = new TypedDocumentString(`
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
    `, {"fragmentName":"TopicChip"}) as unknown as TypedDocumentString<TopicChipFragment, unknown>;
export const ArticleCardFragmentDoc = new TypedDocumentString(`
    fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}`, {"fragmentName":"ArticleCard"}) as unknown as TypedDocumentString<ArticleCardFragment, unknown>;
export const RelatedStoryFragmentDoc = new TypedDocumentString(`
    fragment RelatedStory on RelatedArticleEdge {
  cursor
  score
  reasons {
    kind
    person {
      ...PersonChip
    }
    topic {
      ...TopicChip
    }
  }
  node {
    ...ArticleCard
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment PersonChip on Person {
  id
  slug
  name
  description
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}`, {"fragmentName":"RelatedStory"}) as unknown as TypedDocumentString<RelatedStoryFragment, unknown>;
export const NextPageFragmentDoc = new TypedDocumentString(`
    fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"NextPage"}) as unknown as TypedDocumentString<NextPageFragment, unknown>;
export const ArticleCardListFragmentDoc = new TypedDocumentString(`
    fragment ArticleCardList on ArticleConnection {
  totalCount
  pageInfo {
    ...NextPage
  }
  edges {
    cursor
    node {
      ...ArticleCard
    }
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}`, {"fragmentName":"ArticleCardList"}) as unknown as TypedDocumentString<ArticleCardListFragment, unknown>;
export const SearchResultFragmentDoc = new TypedDocumentString(`
    fragment SearchResult on SearchEdge {
  cursor
  score
  highlights {
    field
    paragraph
    truncatedStart
    truncatedEnd
    segments {
      text
      match
    }
  }
  node {
    ...ArticleCard
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}`, {"fragmentName":"SearchResult"}) as unknown as TypedDocumentString<SearchResultFragment, unknown>;
export const ArticlePageDocument = new TypedDocumentString(`
    query ArticlePage($slug: String!, $relatedFirst: Int = 10, $relatedAfter: String) {
  article(slug: $slug) {
    ...ArticleCard
    body
    updatedAt
    wordCount
    readingTimeMinutes
    people {
      ...PersonChip
    }
    related(first: $relatedFirst, after: $relatedAfter) {
      totalCount
      pageInfo {
        ...NextPage
      }
      edges {
        ...RelatedStory
      }
    }
  }
}
    fragment RelatedStory on RelatedArticleEdge {
  cursor
  score
  reasons {
    kind
    person {
      ...PersonChip
    }
    topic {
      ...TopicChip
    }
  }
  node {
    ...ArticleCard
  }
}
fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment PersonChip on Person {
  id
  slug
  name
  description
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}`, {"hash":"sha256:28dca351872eaa992298f7f468bb9b8ccb9e1fceb9c0e0d191cae6ca764524cf"}) as unknown as TypedDocumentString<ArticlePageQuery, ArticlePageQueryVariables>;
export const HomeFeedDocument = new TypedDocumentString(`
    query HomeFeed($first: Int = 20, $after: String) {
  articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {
    ...ArticleCardList
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}
fragment ArticleCardList on ArticleConnection {
  totalCount
  pageInfo {
    ...NextPage
  }
  edges {
    cursor
    node {
      ...ArticleCard
    }
  }
}`, {"hash":"sha256:90781ad1d5789990dcbc9e1646a6a60bb686b9e0d34779660b472eb3fe4ddc9c"}) as unknown as TypedDocumentString<HomeFeedQuery, HomeFeedQueryVariables>;
export const PersonPageDocument = new TypedDocumentString(`
    query PersonPage($slug: String!, $first: Int = 20, $after: String) {
  person(slug: $slug) {
    ...PersonChip
    nameEn
    aliases
    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {
      ...ArticleCardList
    }
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment PersonChip on Person {
  id
  slug
  name
  description
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}
fragment ArticleCardList on ArticleConnection {
  totalCount
  pageInfo {
    ...NextPage
  }
  edges {
    cursor
    node {
      ...ArticleCard
    }
  }
}`, {"hash":"sha256:17e9421cb37cafec3d396471cdff9c1a2696cbb751bb20c0bb0fdd2d9e4f4f7c"}) as unknown as TypedDocumentString<PersonPageQuery, PersonPageQueryVariables>;
export const SearchPageDocument = new TypedDocumentString(`
    query SearchPage($query: String!, $first: Int = 20, $after: String, $filter: ArticleFilter) {
  search(query: $query, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      ...NextPage
    }
    edges {
      ...SearchResult
    }
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}
fragment SearchResult on SearchEdge {
  cursor
  score
  highlights {
    field
    paragraph
    truncatedStart
    truncatedEnd
    segments {
      text
      match
    }
  }
  node {
    ...ArticleCard
  }
}`, {"hash":"sha256:77c20c624d90ad3a25ea39e110a0043913f102bb3ac61cd42fbea9efbbad409f"}) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const TopicPageDocument = new TypedDocumentString(`
    query TopicPage($slug: String!, $first: Int = 20, $after: String) {
  topic(slug: $slug) {
    ...TopicChip
    nameEn
    description
    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {
      ...ArticleCardList
    }
  }
}
    fragment TopicChip on Topic {
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  id
  slug
  headline
  summary
  summaryTruncated
  bodyAvailable
  publishedAt
  language
  direction
  topics {
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  hasNextPage
  endCursor
}
fragment ArticleCardList on ArticleConnection {
  totalCount
  pageInfo {
    ...NextPage
  }
  edges {
    cursor
    node {
      ...ArticleCard
    }
  }
}`, {"hash":"sha256:47df459ce3f236f700db9d1a0a8347d29fabcdce0c8fde17b244ca46b34be3c2"}) as unknown as TypedDocumentString<TopicPageQuery, TopicPageQueryVariables>;