import { describe, expect, it } from "vitest";
import { query } from "./helpers.js";
import { headlines, INTERVIEW, MACHADO, MAIN, matched, ORESHNIK, searchApi } from "./search-api.js";

/**
 * What search knows beyond the words: entities in any form, facets and did-you-mean, with the
 * same answers on both backends (the postgres test project runs this file too).
 */
const api = searchApi();
const search = api.search;

describe("search that knows the people, places and organisations of the stories", () => {
  it("finds Putin's stories by his English name, the story naming him most first", async () => {
    for (const q of ["Putin", "vladimir PUTIN"]) {
      const result = await search(q);
      expect(headlines(result), q).toEqual([MAIN, ORESHNIK]);
      expect(result.data.search.totalCount).toBe(2);
      expect(matched(result.data.search.edges[1])).toContain("بوتين");
    }
  });

  it("folds accents and case in a Latin name: María Corina Machado, maria corina machado", async () => {
    for (const q of ["María Corina Machado", "maria corina machado", "Machado"]) {
      expect(headlines(await search(q)), q).toEqual([MACHADO]);
    }
  });

  it("finds another outlet's spelling of a foreign name: ماشادو, كيم جونج أون, بيونج يانج", async () => {
    expect(headlines(await search("ماشادو"))).toEqual([MACHADO]);
    expect(headlines(await search("كيم جونج أون"))).toEqual([MAIN]);
    expect(headlines(await search("بيونج يانج"))).toEqual([MAIN]);
  });

  it("finds a country named only by its adjective: روسيا in the story of the Russian ministry", async () => {
    const result = await search("روسيا");
    expect(headlines(result)).toEqual([MAIN, ORESHNIK]);
    expect(matched(result.data.search.edges[1])).toContain("الروسية");
  });

  it("finds the United States in stories that only say الأميركي, and by its English name", async () => {
    for (const q of ["الولايات المتحدة", "United States"]) {
      expect(new Set(headlines(await search(q))), q).toEqual(new Set([MAIN, MACHADO, INTERVIEW]));
    }
  });

  it("narrows entity matches with the same filter as the article list", async () => {
    const result = await search("Trump", { filter: { publishedBefore: "2026-01-09T00:00:00Z" } });
    expect(headlines(result)).toEqual([MACHADO]);
  });
});

const FACETS = `query($q: String!, $first: Int, $filter: ArticleFilter) {
  search(query: $q, first: $first, filter: $filter) {
    totalCount
    facets { exact topics { topic { slug } count } people { person { slug } count } }
  } }`;
const facetsOf = async (q: string, variables: Record<string, unknown> = {}) =>
  (await query(api.app(), FACETS, { q, ...variables })).data.search;
const counts = (list: any[], key: "topic" | "person") =>
  Object.fromEntries(list.map((facet) => [facet[key].slug, facet.count]));

describe("search facets", () => {
  it("counts Putin's stories over the whole result, not the page", async () => {
    const { totalCount, facets } = await facetsOf("بوتين", { first: 1 });
    expect(totalCount).toBe(2);
    expect(facets.exact).toBe(true);
    expect(facets.people[0]).toEqual({ person: { slug: "vladimir-putin" }, count: 2 });
    expect(counts(facets.people, "person")).toEqual({ "vladimir-putin": 2, "kim-jong-un": 1 });
    expect(counts(facets.topics, "topic")).toMatchObject({ russia: 2, ukraine: 2, oreshnik: 1 });
  });

  it("narrows by a facet through the filter, and counts what the filter leaves", async () => {
    const { totalCount, facets } = await facetsOf("بوتين", { filter: { topic: "oreshnik" } });
    expect(totalCount).toBe(1);
    expect(counts(facets.people, "person")).toEqual({ "vladimir-putin": 1 });
  });

  it("lists nothing for a search that finds nothing", async () => {
    const { facets } = await facetsOf("كلمةلاتوجد");
    expect(facets).toEqual({ exact: true, topics: [], people: [] });
  });
});

describe("did you mean", () => {
  const SUGGESTION = `query($q: String!) { search(query: $q) { totalCount suggestion } }`;
  const answer = async (q: string) => (await query(api.app(), SUGGESTION, { q })).data.search;

  it("offers the closest name for a misspelt one that finds nothing: بوتيم → بوتين, Puttin → putin", async () => {
    expect(await answer("بوتيم")).toEqual({ totalCount: 0, suggestion: "بوتين" });
    expect(await answer("Puttin")).toEqual({ totalCount: 0, suggestion: "putin" });
  });

  it("replaces only the unknown words and keeps the rest as typed", async () => {
    expect(await answer("زعيم كورياا")).toMatchObject({ suggestion: null });
    expect(await answer("موسكوو ترد")).toMatchObject({ totalCount: 1, suggestion: null });
    expect(await answer("ماتشادوو فنزويلاا")).toEqual({
      totalCount: 0,
      suggestion: "ماتشادو فنزويلا",
    });
  });

  it("is null whenever there are results, or when nothing is close", async () => {
    expect(await answer("بوتين")).toEqual({ totalCount: 2, suggestion: null });
    expect(await answer("كلمةلاتوجد")).toEqual({ totalCount: 0, suggestion: null });
  });
});
