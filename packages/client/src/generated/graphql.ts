/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '../typed-document.js';
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

export type RelatedStoryFragment = { __typename: 'RelatedArticleEdge', cursor: string, score: number, reasons: Array<{ __typename: 'RelatedReason', kind: RelatedReasonKind, person: { __typename: 'Person', id: string, slug: string, name: string, description: string | null } | null, topic: { __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind } | null }>, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } };

export type ArticlePageQueryVariables = Exact<{
  slug: string;
  relatedFirst?: number | null | undefined;
  relatedAfter?: string | null | undefined;
}>;


export type ArticlePageQuery = { __typename: 'Query', article: { __typename: 'Article', body: Array<string>, updatedAt: string, wordCount: number, readingTimeMinutes: number, id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, people: Array<{ __typename: 'Person', id: string, slug: string, name: string, description: string | null }>, related: { __typename: 'RelatedArticleConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'RelatedArticleEdge', cursor: string, score: number, reasons: Array<{ __typename: 'RelatedReason', kind: RelatedReasonKind, person: { __typename: 'Person', id: string, slug: string, name: string, description: string | null } | null, topic: { __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind } | null }>, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> }, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } | null };

export type TopicChipFragment = { __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind };

export type PersonChipFragment = { __typename: 'Person', id: string, slug: string, name: string, description: string | null };

export type ArticleCardFragment = { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> };

export type NextPageFragment = { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null };

export type ArticleCardListFragment = { __typename: 'ArticleConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'ArticleEdge', cursor: string, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> };

export type HomeFeedQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HomeFeedQuery = { __typename: 'Query', articles: { __typename: 'ArticleConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'ArticleEdge', cursor: string, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> } };

export type ArticlePublishedSubscriptionVariables = Exact<{
  filter?: ArticleFilter | null | undefined;
}>;


export type ArticlePublishedSubscription = { articlePublished: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } };

export type ArticleUpdatedSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ArticleUpdatedSubscription = { articleUpdated: { __typename: 'Article', body: Array<string>, updatedAt: string, wordCount: number, readingTimeMinutes: number, id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } };

export type PersonPageQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PersonPageQuery = { __typename: 'Query', person: { __typename: 'Person', nameEn: string, aliases: Array<string>, id: string, slug: string, name: string, description: string | null, articles: { __typename: 'ArticleConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'ArticleEdge', cursor: string, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> } } | null };

export type SearchResultFragment = { __typename: 'SearchEdge', cursor: string, score: number, highlights: Array<{ __typename: 'SearchHighlight', field: SearchField, paragraph: number, truncatedStart: boolean, truncatedEnd: boolean, segments: Array<{ __typename: 'HighlightSegment', text: string, match: boolean }> }>, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } };

export type SearchPageQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ArticleFilter | null | undefined;
}>;


export type SearchPageQuery = { __typename: 'Query', search: { __typename: 'SearchConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'SearchEdge', cursor: string, score: number, highlights: Array<{ __typename: 'SearchHighlight', field: SearchField, paragraph: number, truncatedStart: boolean, truncatedEnd: boolean, segments: Array<{ __typename: 'HighlightSegment', text: string, match: boolean }> }>, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> } };

export type SearchSuggestQueryVariables = Exact<{
  prefix: string;
  first?: number | null | undefined;
}>;


export type SearchSuggestQuery = { __typename: 'Query', suggest: Array<{ __typename: 'Suggestion', label: string, node:
      | { __typename: 'Article', slug: string, id: string }
      | { __typename: 'Person', slug: string, id: string }
      | { __typename: 'Topic', slug: string, id: string }
     }> };

export type TopicPageQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TopicPageQuery = { __typename: 'Query', topic: { __typename: 'Topic', nameEn: string, description: string | null, id: string, slug: string, name: string, kind: TopicKind, articles: { __typename: 'ArticleConnection', totalCount: number, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor: string | null }, edges: Array<{ __typename: 'ArticleEdge', cursor: string, node: { __typename: 'Article', id: string, slug: string, headline: string, summary: string, summaryTruncated: boolean, bodyAvailable: boolean, publishedAt: string, language: string, direction: TextDirection, topics: Array<{ __typename: 'Topic', id: string, slug: string, name: string, kind: TopicKind }> } }> } } | null };

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
export const PersonChipFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment PersonChip on Person {
  __typename
  id
  slug
  name
  description
}
    `, {"fragmentName":"PersonChip"}) as unknown as TypedDocumentString<PersonChipFragment, unknown>;
export const TopicChipFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment TopicChip on Topic {
  __typename
  id
  slug
  name
  kind
}
    `, {"fragmentName":"TopicChip"}) as unknown as TypedDocumentString<TopicChipFragment, unknown>;
export const ArticleCardFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment ArticleCard on Article {
  __typename
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
    __typename
    ...TopicChip
  }
}
    fragment TopicChip on Topic {
  __typename
  id
  slug
  name
  kind
}`, {"fragmentName":"ArticleCard"}) as unknown as TypedDocumentString<ArticleCardFragment, unknown>;
export const RelatedStoryFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment RelatedStory on RelatedArticleEdge {
  __typename
  cursor
  score
  reasons {
    __typename
    kind
    person {
      __typename
      ...PersonChip
    }
    topic {
      __typename
      ...TopicChip
    }
  }
  node {
    __typename
    ...ArticleCard
  }
}
    fragment TopicChip on Topic {
  __typename
  id
  slug
  name
  kind
}
fragment PersonChip on Person {
  __typename
  id
  slug
  name
  description
}
fragment ArticleCard on Article {
  __typename
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
    __typename
    ...TopicChip
  }
}`, {"fragmentName":"RelatedStory"}) as unknown as TypedDocumentString<RelatedStoryFragment, unknown>;
export const NextPageFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment NextPage on PageInfo {
  __typename
  hasNextPage
  endCursor
}
    `, {"fragmentName":"NextPage"}) as unknown as TypedDocumentString<NextPageFragment, unknown>;
export const ArticleCardListFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment ArticleCardList on ArticleConnection {
  __typename
  totalCount
  pageInfo {
    __typename
    ...NextPage
  }
  edges {
    __typename
    cursor
    node {
      __typename
      ...ArticleCard
    }
  }
}
    fragment TopicChip on Topic {
  __typename
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  __typename
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
    __typename
    ...TopicChip
  }
}
fragment NextPage on PageInfo {
  __typename
  hasNextPage
  endCursor
}`, {"fragmentName":"ArticleCardList"}) as unknown as TypedDocumentString<ArticleCardListFragment, unknown>;
export const SearchResultFragmentDoc = /*#__PURE__*/ new TypedDocumentString(`
    fragment SearchResult on SearchEdge {
  __typename
  cursor
  score
  highlights {
    __typename
    field
    paragraph
    truncatedStart
    truncatedEnd
    segments {
      __typename
      text
      match
    }
  }
  node {
    __typename
    ...ArticleCard
  }
}
    fragment TopicChip on Topic {
  __typename
  id
  slug
  name
  kind
}
fragment ArticleCard on Article {
  __typename
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
    __typename
    ...TopicChip
  }
}`, {"fragmentName":"SearchResult"}) as unknown as TypedDocumentString<SearchResultFragment, unknown>;
export const ArticlePageDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment NextPage on PageInfo { __typename endCursor hasNextPage } fragment PersonChip on Person { __typename description id name slug } fragment RelatedStory on RelatedArticleEdge { __typename cursor node { __typename ...ArticleCard } reasons { __typename kind person { __typename ...PersonChip } topic { __typename ...TopicChip } } score } fragment TopicChip on Topic { __typename id kind name slug } query ArticlePage($relatedAfter: String, $relatedFirst: Int = 10, $slug: String!) { __typename article(slug: $slug) { __typename body people { __typename ...PersonChip } readingTimeMinutes related(first: $relatedFirst, after: $relatedAfter) { __typename edges { __typename ...RelatedStory } pageInfo { __typename ...NextPage } totalCount } updatedAt wordCount ...ArticleCard } }`, {"hash":"sha256:e4adebd064d97d0e0ba285776900b304ceb63e387660801ba6a7dfaa31110cda"}) as unknown as TypedDocumentString<ArticlePageQuery, ArticlePageQueryVariables>;
export const HomeFeedDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment ArticleCardList on ArticleConnection { __typename edges { __typename cursor node { __typename ...ArticleCard } } pageInfo { __typename ...NextPage } totalCount } fragment NextPage on PageInfo { __typename endCursor hasNextPage } fragment TopicChip on Topic { __typename id kind name slug } query HomeFeed($after: String, $first: Int = 20) { __typename articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) { __typename ...ArticleCardList } }`, {"hash":"sha256:06645e5302659c4eba11cda02d132cb20e62b8ba5134fde8be152324fda53261"}) as unknown as TypedDocumentString<HomeFeedQuery, HomeFeedQueryVariables>;
export const ArticlePublishedDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment TopicChip on Topic { __typename id kind name slug } subscription ArticlePublished($filter: ArticleFilter) { articlePublished(filter: $filter) { __typename ...ArticleCard } }`, {"hash":"sha256:a3d60a059b30ffae4ddaa8a8321193ebdafecaea264342077d397d439ad3e992"}) as unknown as TypedDocumentString<ArticlePublishedSubscription, ArticlePublishedSubscriptionVariables>;
export const ArticleUpdatedDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment TopicChip on Topic { __typename id kind name slug } subscription ArticleUpdated($id: ID!) { articleUpdated(id: $id) { __typename body readingTimeMinutes updatedAt wordCount ...ArticleCard } }`, {"hash":"sha256:3debc0f9436c5f2a449371ce43eebb0da9b4a3decddb8da15eadb90b05a7173a"}) as unknown as TypedDocumentString<ArticleUpdatedSubscription, ArticleUpdatedSubscriptionVariables>;
export const PersonPageDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment ArticleCardList on ArticleConnection { __typename edges { __typename cursor node { __typename ...ArticleCard } } pageInfo { __typename ...NextPage } totalCount } fragment NextPage on PageInfo { __typename endCursor hasNextPage } fragment PersonChip on Person { __typename description id name slug } fragment TopicChip on Topic { __typename id kind name slug } query PersonPage($after: String, $first: Int = 20, $slug: String!) { __typename person(slug: $slug) { __typename aliases articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) { __typename ...ArticleCardList } nameEn ...PersonChip } }`, {"hash":"sha256:51a20c7def66025f9619e4d818cf10747d314de34554f43b6c994feb87135b91"}) as unknown as TypedDocumentString<PersonPageQuery, PersonPageQueryVariables>;
export const SearchPageDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment NextPage on PageInfo { __typename endCursor hasNextPage } fragment SearchResult on SearchEdge { __typename cursor highlights { __typename field paragraph segments { __typename match text } truncatedEnd truncatedStart } node { __typename ...ArticleCard } score } fragment TopicChip on Topic { __typename id kind name slug } query SearchPage($after: String, $filter: ArticleFilter, $first: Int = 20, $query: String!) { __typename search(query: $query, first: $first, after: $after, filter: $filter) { __typename edges { __typename ...SearchResult } pageInfo { __typename ...NextPage } totalCount } }`, {"hash":"sha256:ef437720818a0aef64134e84651743b4096e205240d081036e6bcf3a9d766dec"}) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const SearchSuggestDocument = /*#__PURE__*/ new TypedDocumentString(`query SearchSuggest($first: Int = 8, $prefix: String!) { __typename suggest(prefix: $prefix, first: $first) { __typename label node { __typename id ... on Article { __typename slug } ... on Person { __typename slug } ... on Topic { __typename slug } } } }`, {"hash":"sha256:9102ea7d29315e3cf7efd33620a03f232e01354451323fc5dd0d286f70c775d9"}) as unknown as TypedDocumentString<SearchSuggestQuery, SearchSuggestQueryVariables>;
export const TopicPageDocument = /*#__PURE__*/ new TypedDocumentString(`fragment ArticleCard on Article { __typename bodyAvailable direction headline id language publishedAt slug summary summaryTruncated topics { __typename ...TopicChip } } fragment ArticleCardList on ArticleConnection { __typename edges { __typename cursor node { __typename ...ArticleCard } } pageInfo { __typename ...NextPage } totalCount } fragment NextPage on PageInfo { __typename endCursor hasNextPage } fragment TopicChip on Topic { __typename id kind name slug } query TopicPage($after: String, $first: Int = 20, $slug: String!) { __typename topic(slug: $slug) { __typename articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) { __typename ...ArticleCardList } description nameEn ...TopicChip } }`, {"hash":"sha256:5cf674a2e0776a37088cfb15f2dd24bc18c0fbe35e117adbee2c9738d2b1786a"}) as unknown as TypedDocumentString<TopicPageQuery, TopicPageQueryVariables>;