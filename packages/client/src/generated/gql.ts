/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment RelatedStory on RelatedArticleEdge {\n  cursor\n  score\n  reasons {\n    kind\n    person {\n      ...PersonChip\n    }\n    topic {\n      ...TopicChip\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery ArticlePage($slug: String!, $relatedFirst: Int = 10, $relatedAfter: String) {\n  article(slug: $slug) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n    people {\n      ...PersonChip\n    }\n    related(first: $relatedFirst, after: $relatedAfter) {\n      totalCount\n      pageInfo {\n        ...NextPage\n      }\n      edges {\n        ...RelatedStory\n      }\n    }\n  }\n}": typeof types.RelatedStoryFragmentDoc,
    "fragment TopicChip on Topic {\n  id\n  slug\n  name\n  kind\n}\n\nfragment PersonChip on Person {\n  id\n  slug\n  name\n  description\n}\n\nfragment ArticleCard on Article {\n  id\n  slug\n  headline\n  summary\n  summaryTruncated\n  bodyAvailable\n  publishedAt\n  language\n  direction\n  topics {\n    ...TopicChip\n  }\n}\n\nfragment NextPage on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ArticleCardList on ArticleConnection {\n  totalCount\n  pageInfo {\n    ...NextPage\n  }\n  edges {\n    cursor\n    node {\n      ...ArticleCard\n    }\n  }\n}": typeof types.TopicChipFragmentDoc,
    "query HomeFeed($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n    ...ArticleCardList\n  }\n}": typeof types.HomeFeedDocument,
    "subscription ArticlePublished($filter: ArticleFilter) {\n  articlePublished(filter: $filter) {\n    ...ArticleCard\n  }\n}\n\nsubscription ArticleUpdated($id: ID!) {\n  articleUpdated(id: $id) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n  }\n}": typeof types.ArticlePublishedDocument,
    "query PersonPage($slug: String!, $first: Int = 20, $after: String) {\n  person(slug: $slug) {\n    ...PersonChip\n    nameEn\n    aliases\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}": typeof types.PersonPageDocument,
    "fragment SearchResult on SearchEdge {\n  cursor\n  score\n  highlights {\n    field\n    paragraph\n    truncatedStart\n    truncatedEnd\n    segments {\n      text\n      match\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery SearchPage($query: String!, $first: Int = 20, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      ...NextPage\n    }\n    edges {\n      ...SearchResult\n    }\n  }\n}": typeof types.SearchResultFragmentDoc,
    "query SearchSuggest($prefix: String!, $first: Int = 8) {\n  suggest(prefix: $prefix, first: $first) {\n    label\n    node {\n      id\n      ... on Person {\n        slug\n      }\n      ... on Topic {\n        slug\n      }\n      ... on Article {\n        slug\n      }\n    }\n  }\n}": typeof types.SearchSuggestDocument,
    "query TopicPage($slug: String!, $first: Int = 20, $after: String) {\n  topic(slug: $slug) {\n    ...TopicChip\n    nameEn\n    description\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}": typeof types.TopicPageDocument,
};
const documents: Documents = {
    "fragment RelatedStory on RelatedArticleEdge {\n  cursor\n  score\n  reasons {\n    kind\n    person {\n      ...PersonChip\n    }\n    topic {\n      ...TopicChip\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery ArticlePage($slug: String!, $relatedFirst: Int = 10, $relatedAfter: String) {\n  article(slug: $slug) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n    people {\n      ...PersonChip\n    }\n    related(first: $relatedFirst, after: $relatedAfter) {\n      totalCount\n      pageInfo {\n        ...NextPage\n      }\n      edges {\n        ...RelatedStory\n      }\n    }\n  }\n}": types.RelatedStoryFragmentDoc,
    "fragment TopicChip on Topic {\n  id\n  slug\n  name\n  kind\n}\n\nfragment PersonChip on Person {\n  id\n  slug\n  name\n  description\n}\n\nfragment ArticleCard on Article {\n  id\n  slug\n  headline\n  summary\n  summaryTruncated\n  bodyAvailable\n  publishedAt\n  language\n  direction\n  topics {\n    ...TopicChip\n  }\n}\n\nfragment NextPage on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ArticleCardList on ArticleConnection {\n  totalCount\n  pageInfo {\n    ...NextPage\n  }\n  edges {\n    cursor\n    node {\n      ...ArticleCard\n    }\n  }\n}": types.TopicChipFragmentDoc,
    "query HomeFeed($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n    ...ArticleCardList\n  }\n}": types.HomeFeedDocument,
    "subscription ArticlePublished($filter: ArticleFilter) {\n  articlePublished(filter: $filter) {\n    ...ArticleCard\n  }\n}\n\nsubscription ArticleUpdated($id: ID!) {\n  articleUpdated(id: $id) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n  }\n}": types.ArticlePublishedDocument,
    "query PersonPage($slug: String!, $first: Int = 20, $after: String) {\n  person(slug: $slug) {\n    ...PersonChip\n    nameEn\n    aliases\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}": types.PersonPageDocument,
    "fragment SearchResult on SearchEdge {\n  cursor\n  score\n  highlights {\n    field\n    paragraph\n    truncatedStart\n    truncatedEnd\n    segments {\n      text\n      match\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery SearchPage($query: String!, $first: Int = 20, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      ...NextPage\n    }\n    edges {\n      ...SearchResult\n    }\n  }\n}": types.SearchResultFragmentDoc,
    "query SearchSuggest($prefix: String!, $first: Int = 8) {\n  suggest(prefix: $prefix, first: $first) {\n    label\n    node {\n      id\n      ... on Person {\n        slug\n      }\n      ... on Topic {\n        slug\n      }\n      ... on Article {\n        slug\n      }\n    }\n  }\n}": types.SearchSuggestDocument,
    "query TopicPage($slug: String!, $first: Int = 20, $after: String) {\n  topic(slug: $slug) {\n    ...TopicChip\n    nameEn\n    description\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}": types.TopicPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RelatedStory on RelatedArticleEdge {\n  cursor\n  score\n  reasons {\n    kind\n    person {\n      ...PersonChip\n    }\n    topic {\n      ...TopicChip\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery ArticlePage($slug: String!, $relatedFirst: Int = 10, $relatedAfter: String) {\n  article(slug: $slug) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n    people {\n      ...PersonChip\n    }\n    related(first: $relatedFirst, after: $relatedAfter) {\n      totalCount\n      pageInfo {\n        ...NextPage\n      }\n      edges {\n        ...RelatedStory\n      }\n    }\n  }\n}"): typeof import('./graphql.js').RelatedStoryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TopicChip on Topic {\n  id\n  slug\n  name\n  kind\n}\n\nfragment PersonChip on Person {\n  id\n  slug\n  name\n  description\n}\n\nfragment ArticleCard on Article {\n  id\n  slug\n  headline\n  summary\n  summaryTruncated\n  bodyAvailable\n  publishedAt\n  language\n  direction\n  topics {\n    ...TopicChip\n  }\n}\n\nfragment NextPage on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ArticleCardList on ArticleConnection {\n  totalCount\n  pageInfo {\n    ...NextPage\n  }\n  edges {\n    cursor\n    node {\n      ...ArticleCard\n    }\n  }\n}"): typeof import('./graphql.js').TopicChipFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeFeed($first: Int = 20, $after: String) {\n  articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n    ...ArticleCardList\n  }\n}"): typeof import('./graphql.js').HomeFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ArticlePublished($filter: ArticleFilter) {\n  articlePublished(filter: $filter) {\n    ...ArticleCard\n  }\n}\n\nsubscription ArticleUpdated($id: ID!) {\n  articleUpdated(id: $id) {\n    ...ArticleCard\n    body\n    updatedAt\n    wordCount\n    readingTimeMinutes\n  }\n}"): typeof import('./graphql.js').ArticlePublishedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PersonPage($slug: String!, $first: Int = 20, $after: String) {\n  person(slug: $slug) {\n    ...PersonChip\n    nameEn\n    aliases\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}"): typeof import('./graphql.js').PersonPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment SearchResult on SearchEdge {\n  cursor\n  score\n  highlights {\n    field\n    paragraph\n    truncatedStart\n    truncatedEnd\n    segments {\n      text\n      match\n    }\n  }\n  node {\n    ...ArticleCard\n  }\n}\n\nquery SearchPage($query: String!, $first: Int = 20, $after: String, $filter: ArticleFilter) {\n  search(query: $query, first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      ...NextPage\n    }\n    edges {\n      ...SearchResult\n    }\n  }\n}"): typeof import('./graphql.js').SearchResultFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchSuggest($prefix: String!, $first: Int = 8) {\n  suggest(prefix: $prefix, first: $first) {\n    label\n    node {\n      id\n      ... on Person {\n        slug\n      }\n      ... on Topic {\n        slug\n      }\n      ... on Article {\n        slug\n      }\n    }\n  }\n}"): typeof import('./graphql.js').SearchSuggestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TopicPage($slug: String!, $first: Int = 20, $after: String) {\n  topic(slug: $slug) {\n    ...TopicChip\n    nameEn\n    description\n    articles(first: $first, after: $after, orderBy: PUBLISHED_AT_DESC) {\n      ...ArticleCardList\n    }\n  }\n}"): typeof import('./graphql.js').TopicPageDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
