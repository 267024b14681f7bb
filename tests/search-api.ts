import { beforeEach } from "vitest";
import type { App } from "../src/app.js";
import { query, testApp } from "./helpers.js";

/** The seed's headlines, as search results show them. */
export const MAIN = 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين';
export const ORESHNIK = 'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين';
export const MACHADO = "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل";
export const INTERVIEW = "ترامب: أخلاقي تمنعني من شن عمليات عسكرية";
export const YEMEN = "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن";

/**
 * The search page's query through the API, on a fresh app per test (the backend the test
 * project names).
 */
export function searchApi() {
  let app: App;
  beforeEach(async () => {
    ({ app } = await testApp());
  });
  const search = (q: string, variables: Record<string, unknown> = {}) =>
    query(app, SEARCH, { q, ...variables });
  return { app: () => app, search };
}

const SEARCH = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount
    totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { cursor score node { headline } highlights { field paragraph truncatedStart truncatedEnd segments { text match } } }
  } }`;

export const headlines = (result: any): string[] =>
  result.data.search.edges.map((e: any) => e.node.headline);
export const matched = (edge: any): string[] =>
  edge.highlights.flatMap((h: any) =>
    h.segments.filter((s: any) => s.match).map((s: any) => s.text),
  );
