import { describe, expect, it } from "vitest";
import { light10, Stemmer } from "../src/text/stem.js";
import { parseQuery } from "../src/text/search-query.js";
import { errorCodes } from "./helpers.js";
import {
  headlines,
  INTERVIEW,
  MACHADO,
  MAIN,
  matched,
  ORESHNIK,
  searchApi,
  YEMEN,
} from "./search-api.js";

describe("light stemming", () => {
  it("strips و before a word of four letters or more, as light10 does", () => {
    expect(light10("وصواريخ")).toBe("صواريخ");
    expect(light10("وبين")).toBe("بين");
  });

  it("strips the article and its fused forms", () => {
    expect(light10("الصواريخ")).toBe("صواريخ");
    expect(light10("بالاضافه")).toBe("اضاف");
    expect(light10("للقتال")).toBe("قتال");
  });

  it("strips light10's suffixes (ة is already ه)", () => {
    expect(light10("الصاروخيه")).toBe("صاروخ");
    expect(light10("تجاربها")).toBe("تجارب");
    expect(light10("الكوريه")).toBe("كور");
  });

  it("leaves Latin words and numbers alone", () => {
    expect(light10("fox")).toBe("fox");
    expect(light10("2026")).toBe("2026");
  });

  const stemmer = new Stemmer(
    ["بوتين", "كوريا", "فنزويلا", "اوكرانيا"],
    new Set(["صاروخ", "سياس"]),
  );

  it("keeps proper names whole, and strips a proclitic only towards a known term", () => {
    expect(stemmer.stem("بوتين")).toBe("بوتين");
    expect(stemmer.stem("كوريا")).toBe("كوريا");
    expect(stemmer.stem("فنزويلا")).toBe("فنزويلا");
    expect(stemmer.stem("لبوتين")).toBe("بوتين");
    expect(stemmer.stem("وبوتين")).toBe("بوتين");
    expect(stemmer.stem("لاوكرانيا")).toBe("اوكرانيا");
    expect(stemmer.stem("لكوريا")).toBe("كوريا");
    expect(stemmer.stem("بصاروخ")).toBe("صاروخ");
    expect(stemmer.stem("لسياسات")).toBe(stemmer.stem("سياسات"));
  });

  it("does not strip a proclitic when what remains is unknown", () => {
    expect(stemmer.stem("بحسب")).toBe("بحسب");
    expect(stemmer.stem("كييف")).toBe("كييف");
  });
});

describe("query parsing", () => {
  it("takes balanced quotes as phrases and stray quotes as text", () => {
    expect(parseQuery('"دعم غير مشروط" بوتين')).toEqual({
      loose: "  بوتين",
      phrases: ["دعم غير مشروط"],
    });
    expect(parseQuery('«الدم والحياة» "كيم')).toEqual({
      loose: "   كيم",
      phrases: ["الدم والحياة"],
    });
  });
});

const api = searchApi();
const search = api.search;

describe("search through the API", () => {
  it('finds "صاروخ" in the story that says "بصاروخ", and the main story\'s "الصاروخية" after it', async () => {
    const result = await search("صاروخ");
    expect(headlines(result)).toEqual([ORESHNIK, MAIN]);
    expect(matched(result.data.search.edges[0])).toEqual(
      expect.arrayContaining(["بصاروخ", "صاروخ"]),
    );
    expect(matched(result.data.search.edges[1])).toContain("الصاروخية");
  });

  it('finds "الصواريخ" where the main story says "وصواريخ"', async () => {
    const result = await search("الصواريخ");
    expect(headlines(result)).toEqual([MAIN]);
    expect(matched(result.data.search.edges[0])).toContain("وصواريخ");
  });

  it('finds Putin in both stories that name him, with or without a prefix: "بوتين", "لبوتين"', async () => {
    for (const q of ["بوتين", "لبوتين", "بُوتِين"]) {
      expect(new Set(headlines(await search(q)))).toEqual(new Set([MAIN, ORESHNIK]));
    }
  });

  it("counts Putin's two stories exactly: a result this small is ranked and counted whole", async () => {
    const { totalCount, totalCountExact } = (await search("بوتين")).data.search;
    expect({ totalCount, totalCountExact }).toEqual({ totalCount: 2, totalCountExact: true });
  });

  it('finds "أوكرانيا" where a story says "لأوكرانيا", whatever the hamza', async () => {
    for (const q of ["أوكرانيا", "اوكرانيا", "لأوكرانيا"]) {
      const result = await search(q);
      expect(headlines(result)).toEqual([ORESHNIK, MAIN]);
      expect(matched(result.data.search.edges[1])).toContain("لأوكرانيا");
    }
  });

  it('ranks the story with both words of "كوريا الشمالية" first and highlights them in the headline', async () => {
    const result = await search("كوريا الشمالية");
    expect(headlines(result)[0]).toBe(MAIN);
    const headline = result.data.search.edges[0].highlights.find(
      (h: any) => h.field === "HEADLINE",
    );
    expect(headline.segments.filter((s: any) => s.match).map((s: any) => s.text)).toEqual([
      "كوريا",
      "الشمالية",
    ]);
    expect(headline.segments.map((s: any) => s.text).join("")).toBe(MAIN);
  });

  it('ranks the Machado story, which has both "ترامب" and "فنزويلا", above the one with Trump alone', async () => {
    const result = await search("ترامب فنزويلا");
    expect(headlines(result)).toEqual([MACHADO, INTERVIEW]);
    expect(result.data.search.edges[0].score).toBeGreaterThan(result.data.search.edges[1].score);
  });

  it("matches a quoted phrase only where its words stand together", async () => {
    expect(headlines(await search('"دعم غير مشروط"'))).toEqual([MAIN]);
    expect(headlines(await search('"موسكو ترد"'))).toEqual([ORESHNIK]);
    expect(headlines(await search('"ترد موسكو"'))).toEqual([]);
  });

  it("finds the page's words typed on a Persian or Urdu keyboard: کوریا الشمالیۀ, بوتین", async () => {
    expect(headlines(await search("کوریا الشمالیۀ"))[0]).toBe(MAIN);
    expect(new Set(headlines(await search("بوتین")))).toEqual(new Set([MAIN, ORESHNIK]));
  });

  it("takes «…» as a phrase, as straight quotes are", async () => {
    expect(headlines(await search("«موسكو ترد»"))).toEqual([ORESHNIK]);
    expect(headlines(await search("«ترد موسكو»"))).toEqual([]);
  });

  it("case-folds Latin text", async () => {
    expect(headlines(await search("fox NEWS"))).toEqual([MACHADO]);
  });

  it("applies the same filter as the article list", async () => {
    const result = await search("ترامب", { filter: { publishedBefore: "2026-01-09T00:00:00Z" } });
    expect(headlines(result)).toEqual([MACHADO]);
  });

  it("pages through the results stably, every hit once", async () => {
    const all = headlines(await search("بوتين روسيا أوكرانيا ترامب", { first: 100 }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: any = await search("بوتين روسيا أوكرانيا ترامب", { first: 1, after });
      paged.push(...headlines(result));
      if (!result.data.search.pageInfo.hasNextPage) break;
      after = result.data.search.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
  });
});

describe("broken plurals", () => {
  it("finds the plural the page writes when the singular is searched: جندي, قذيفة, دواء, هدف", async () => {
    const cases = [
      ["جندي", MAIN, "الجنود"],
      ["قذيفة", MAIN, "قذائف"],
      ["دواء", INTERVIEW, "أدوية"],
      ["هدف", YEMEN, "الأهداف"],
    ] as const;
    for (const [q, story, plural] of cases) {
      const result = await search(q);
      expect(headlines(result), q).toEqual([story]);
      expect(matched(result.data.search.edges[0])).toContain(plural);
    }
  });

  it("joins a plural and its singular only through the dictionary, as one term", () => {
    const plain = new Stemmer([], new Set());
    expect(plain.stem("الجنود")).toBe(plain.stem("جندي"));
    expect(plain.stem("الاسلحه")).toBe(plain.stem("سلاح"));
    expect(plain.stem("الويه")).not.toBe(plain.stem("لواء"));
  });
});

describe("search input that is not a search", () => {
  for (const [what, q] of [
    ["an empty query", ""],
    ["a whitespace query", "  \t\n "],
    ["a query of 5,000 characters", "بوتين ".repeat(1000)],
  ] as const) {
    it(`refuses ${what} with BAD_USER_INPUT`, async () => {
      expect(errorCodes(await search(q))).toEqual(["BAD_USER_INPUT"]);
    });
  }

  for (const [what, q] of [
    ["only stop-words", "في من على"],
    ["only punctuation", "!!! ... ؟؟"],
    ["control characters", "\u0000\u0007\u001b"],
  ] as const) {
    it(`answers ${what} with no results`, async () => {
      const result = await search(q);
      expect(result.errors).toBeUndefined();
      expect(result.data.search.totalCount).toBe(0);
    });
  }

  it("reads an unbalanced quote as plain text", async () => {
    expect(new Set(headlines(await search('"بوتين')))).toEqual(new Set([MAIN, ORESHNIK]));
  });
});
