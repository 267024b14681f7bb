import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { errorCodes, query, testApp } from "./helpers.js";

const SUGGEST = `query($prefix: String!, $first: Int) {
  suggest(prefix: $prefix, first: $first) {
    label
    node { __typename ... on Person { slug } ... on Topic { slug } ... on Article { slug } }
  } }`;

let app: App;
beforeAll(async () => {
  ({ app } = await testApp());
});

async function suggest(prefix: string, first?: number) {
  const result = await query(app, SUGGEST, { prefix, first });
  return result;
}
const slugs = (result: any): string[] => result.data.suggest.map((s: any) => s.node.slug);

describe("typeahead", () => {
  it('offers Putin for a two-letter prefix in Arabic ("بو") or Latin ("pu"), labelled in that script', async () => {
    const arabic = await suggest("بو");
    expect(arabic.data.suggest[0]).toEqual({
      label: "فلاديمير بوتين",
      node: { __typename: "Person", slug: "vladimir-putin" },
    });
    const latin = await suggest("pu");
    expect(latin.data.suggest).toEqual([
      { label: "Vladimir Putin", node: { __typename: "Person", slug: "vladimir-putin" } },
    ]);
  });

  it("offers places from any word of their name, those in more stories first: كو, Ko", async () => {
    expect(slugs(await suggest("كو")).slice(0, 2)).toEqual(["north-korea", "south-korea"]);
    expect(slugs(await suggest("Ko"))).toEqual([
      "korean-central-news-agency",
      "north-korea",
      "south-korea",
    ]);
  });

  it("knows other outlets' spellings and Persian keyboards: ماش → Machado, کو → Korea", async () => {
    expect(slugs(await suggest("ماش"))).toEqual(["maria-corina-machado"]);
    expect(slugs(await suggest("کو"))).toEqual(slugs(await suggest("كو")));
  });

  it("offers stories whose headline starts with the prefix, after names", async () => {
    const result = await suggest("زعيم كو");
    expect(result.data.suggest).toEqual([
      {
        label: 'زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين',
        node: {
          __typename: "Article",
          slug: "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn",
        },
      },
    ]);
  });

  it("returns at most `first` suggestions, and none for a prefix nothing starts with", async () => {
    expect((await suggest("ال", 3)).data.suggest).toHaveLength(3);
    expect((await suggest("ال")).data.suggest).toHaveLength(8);
    expect((await suggest("xq")).data.suggest).toEqual([]);
  });

  for (const [what, prefix, first] of [
    ["an empty prefix", "", 8],
    ["a prefix of 51 characters", "ب".repeat(51), 8],
    ["first: 0", "بو", 0],
    ["first: 21", "بو", 21],
  ] as const) {
    it(`refuses ${what} with BAD_USER_INPUT`, async () => {
      expect(errorCodes(await suggest(prefix, first))).toEqual(["BAD_USER_INPUT"]);
    });
  }

  it("accepts the bounds: one character, 50 characters, first 1 and 20", async () => {
    for (const [prefix, first] of [
      ["ب", 1],
      ["ب".repeat(50), 20],
    ] as const) {
      expect((await suggest(prefix, first)).errors).toBeUndefined();
    }
  });

  it("counts toward the cost limit as a list of `first` suggestions", async () => {
    const costOf = async (first: number) =>
      (await suggest("بو", first)).extensions!.cost!.requested;
    expect(await costOf(20)).toBeGreaterThan(await costOf(1));
    expect(await costOf(20)).toBeLessThanOrEqual(41);
  });
});
