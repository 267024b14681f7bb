import { describe, expect, it } from "vitest";
import type { PersonRecord, TopicRecord } from "../src/store/records.js";
import { EntityNames, spellingsOf } from "../src/text/entity-names.js";
import { normalizeArabic, words } from "../src/text/normalize.js";
import taxonomy from "../data/taxonomy.json" with { type: "json" };

const people = taxonomy.people.map((p) => ({ ...p, slug: p.id })) as PersonRecord[];
const topics = taxonomy.topics.map((t) => ({ ...t, slug: t.id })) as TopicRecord[];
const noArticleWords = () => false;
const spelt = (word: string) => spellingsOf(normalizeArabic(word));

describe("spellings of an entity name word", () => {
  it("writes the g sound of جونغ and بيونغ with غ, ج or ق", () => {
    expect(spelt("جونغ")).toEqual(expect.arrayContaining(["جونغ", "جونج", "جونق", "غونغ"]));
    expect(spelt("بيونغ")).toEqual(expect.arrayContaining(["بيونج", "بونج"]));
  });

  it("writes the ch of ماتشادو as تش or ش", () => {
    expect(spelt("ماتشادو")).toEqual(expect.arrayContaining(["ماتشادو", "ماشادو", "متشدو"]));
  });

  it("may leave out long vowels inside a name (فلاديمير, بوتين), keeping four letters", () => {
    expect(spelt("فلاديمير")).toEqual(expect.arrayContaining(["فلادمير", "فلديمر"]));
    expect(spelt("بوتين")).toEqual(expect.arrayContaining(["بوتن", "بتين"]));
    expect(spelt("بوتين")).not.toContain("بتن");
    expect(spelt("كيم")).toEqual(["كيم"]);
    expect(spelt("كييف")).not.toContain("كيف");
  });

  it("keeps a name's first and last letters and the alef of its article", () => {
    expect(spelt("روسيا")).not.toContain("روسي");
    expect(spelt("الروسية").every((s) => s.startsWith("ال"))).toBe(true);
  });

  it("leaves Latin words as they are", () => {
    expect(spellingsOf("machado")).toEqual(["machado"]);
  });
});

describe("entity names in a query", () => {
  const names = new EntityNames(people, topics, noArticleWords);
  const found = (query: string) =>
    names.find(words(query)).map(({ entity }) => names.entities[entity]!.id);

  it("finds a person by Arabic name, alias, English name and the English form of the alias", () => {
    for (const query of ["فلاديمير بوتين", "بوتين", "Vladimir Putin", "putin", "PUTIN"]) {
      expect(found(query), query).toEqual(["vladimir-putin"]);
    }
  });

  it("folds accents and case in English names: María Corina Machado = maria corina machado", () => {
    expect(found("María Corina Machado")).toEqual(["maria-corina-machado"]);
    expect(found("maria corina machado")).toEqual(["maria-corina-machado"]);
    expect(found("Machado")).toEqual(["maria-corina-machado"]);
  });

  it("finds another outlet's spelling: كيم جونج أون, بيونج يانج, ماشادو, فلادمير بوتن", () => {
    expect(found("كيم جونج أون")).toEqual(["kim-jong-un"]);
    expect(found("بيونج يانج")).toEqual(["pyongyang"]);
    expect(found("ماشادو")).toEqual(["maria-corina-machado"]);
    expect(found("فلادمير بوتن")).toEqual(["vladimir-putin"]);
  });

  it("takes the longest name where names overlap, and a proclitic on the first word", () => {
    expect(found("لكوريا الشمالية وبوتين")).toEqual(["north-korea", "vladimir-putin"]);
    expect(found("وزارة الدفاع الروسية")).toEqual(["russian-defence-ministry"]);
  });

  it("finds no name in ordinary words, nor a subject (missiles are searched as words)", () => {
    expect(found("صاروخ الصواريخ أوريشنيك كيف")).toEqual([]);
  });

  it("drops a generated spelling that the articles use as a word of their own", () => {
    const guarded = new EntityNames(people, topics, (word) => word === "بتين");
    const ids = (query: string) => guarded.find(words(query)).map((m) => m.entity);
    expect(ids("بتين")).toEqual([]);
    expect(ids("بوتن")).toHaveLength(1);
    expect(ids("بوتين")).toHaveLength(1);
  });
});
