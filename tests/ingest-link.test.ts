import { describe, expect, it } from "vitest";
import { createLinker } from "../src/ingest/link.js";
import type { Taxonomy } from "../src/ingest/taxonomy.js";
import { seedLinker, seedPage } from "./ingest-fixtures.js";

const page = seedPage();
const link = await seedLinker();
const ids = (mentions: { id: string }[]) => mentions.map((m) => m.id);
const teaser = (n: number) => link([page.readMore[n]!.headline, page.readMore[n]!.text]);
const main = link([page.headline, ...page.body]);

describe("people found on the seed page", () => {
  it("finds Kim and Putin in the main story, four times each", () => {
    expect(main.people).toEqual([
      { id: "kim-jong-un", count: 4 },
      { id: "vladimir-putin", count: 4 },
    ]);
  });

  it("finds Putin in the Oreshnik teaser: in the headline and as الرئيس الروسي بوتين", () => {
    expect(teaser(0).people).toEqual([{ id: "vladimir-putin", count: 2 }]);
  });

  it("finds Basloum in the Mukalla teaser", () => {
    expect(ids(teaser(1).people)).toEqual(["salem-ahmed-basloum"]);
  });

  it("finds Trump and Machado in the Machado teaser, للقاء ماتشادو included", () => {
    expect(teaser(2).people).toEqual([
      { id: "donald-trump", count: 3 },
      { id: "maria-corina-machado", count: 3 },
    ]);
  });

  it("finds Trump alone in the interview teaser", () => {
    expect(teaser(3).people).toEqual([{ id: "donald-trump", count: 3 }]);
  });
});

describe("topics found on the seed page", () => {
  it("counts Russia eight times in the main story, through وروسيا and لروسيا too", () => {
    expect(main.topics[0]).toEqual({ id: "russia", count: 8 });
  });

  it("counts North Korea six times, لكوريا الشمالية included, and never a bare كوريا", () => {
    expect(main.topics).toContainEqual({ id: "north-korea", count: 6 });
    expect(main.topics).toContainEqual({ id: "south-korea", count: 2 });
  });

  it("reads وفقا لوكالة الأنباء الكورية الشمالية as the news agency, not as North Korea", () => {
    const mentions = link(["من جهته، أشاد بوتين، وفقا لوكالة الأنباء الكورية الشمالية."]);
    expect(mentions.topics).toEqual([{ id: "korean-central-news-agency", count: 1 }]);
  });

  it("lists the main story's topics most mentioned first, ties by id", () => {
    expect(main.topics).toEqual([
      { id: "russia", count: 8 },
      { id: "north-korea", count: 6 },
      { id: "korean-central-news-agency", count: 3 },
      { id: "missiles", count: 3 },
      { id: "pyongyang", count: 2 },
      { id: "south-korea", count: 2 },
      { id: "ukraine", count: 2 },
      { id: "moscow", count: 1 },
      { id: "united-states", count: 1 },
    ]);
  });

  it("finds the Oreshnik missile, the ministry and Kyiv in the Oreshnik teaser, بصاروخ included", () => {
    expect(ids(teaser(0).topics)).toEqual([
      "russia",
      "missiles",
      "oreshnik",
      "ukraine",
      "kyiv",
      "moscow",
      "russian-defence-ministry",
    ]);
  });

  it("finds Yemen, Mukalla, Hadramawt and the Nation Shield Forces in the Mukalla teaser", () => {
    expect(ids(teaser(1).topics).sort()).toEqual([
      "hadramawt",
      "mukalla",
      "nation-shield-forces",
      "second-military-region",
      "yemen",
    ]);
  });

  it("finds Venezuela, Washington and Fox News in the Machado teaser", () => {
    expect(ids(teaser(2).topics)).toEqual(["venezuela", "united-states", "fox-news", "washington"]);
  });
});

describe("matching rules", () => {
  const taxonomy: Taxonomy = {
    people: [],
    topics: [
      {
        id: "korea",
        name: "كوريا",
        nameEn: "Korea",
        kind: "PLACE",
        aliases: [],
        description: null,
      },
      {
        id: "north-korea",
        name: "كوريا الشمالية",
        nameEn: "North Korea",
        kind: "PLACE",
        aliases: [],
        description: null,
      },
      {
        id: "south-korea",
        name: "كوريا الجنوبية",
        nameEn: "South Korea",
        kind: "PLACE",
        aliases: [],
        description: null,
      },
      { id: "oria", name: "وريا", nameEn: "Oria", kind: "PLACE", aliases: [], description: null },
    ],
  };
  const byTopic = createLinker(taxonomy);

  it("lets the longer name win where names overlap", () => {
    expect(byTopic(["كوريا الشمالية وكوريا الجنوبية"]).topics).toEqual([
      { id: "north-korea", count: 1 },
      { id: "south-korea", count: 1 },
    ]);
  });

  it("never reads كوريا as ك + وريا, even when وريا is a known name", () => {
    expect(byTopic(["كوريا"]).topics).toEqual([{ id: "korea", count: 1 }]);
  });

  it("matches across diacritics and alef forms", () => {
    expect(link(["لِأُوكْرَانْيَا"]).topics).toEqual([{ id: "ukraine", count: 1 }]);
  });

  it("refuses a taxonomy that gives one name to two entities", () => {
    const clash: Taxonomy = {
      people: [{ id: "a", name: "كيم", nameEn: "A", aliases: [], description: null }],
      topics: [
        { id: "b", name: "كيم", nameEn: "B", kind: "SUBJECT", aliases: [], description: null },
      ],
    };
    expect(() => createLinker(clash)).toThrow(/names both person a and topic b/);
  });
});
