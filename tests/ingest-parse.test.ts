import { describe, expect, it } from "vitest";
import { decodePage, MAX_PAGE_BYTES, PageError, parsePage } from "../src/ingest/parse.js";
import { seedPage, seedText } from "./ingest-fixtures.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("parsePage on the seed page", () => {
  const page = seedPage();

  it("reads the headline once, though the page prints it twice", () => {
    expect(page.headline).toBe('زعيم كوريا الشمالية يتعهد تقديم "دعم غير مشروط" لسياسات بوتين');
    expect(page.body).not.toContain(page.headline);
  });

  it("finds the eleven body paragraphs, whether a blank line or a single newline ends them", () => {
    expect(page.body).toHaveLength(11);
    expect(page.body[0]).toMatch(/^تعهد الزعيم الكوري الشمالي كيم جونغ أون/);
    // These two are separated by a single newline on the page.
    expect(page.body[2]).toMatch(/^وفي رسالة نشرتها وكالة الأنباء المركزية الكورية الشمالية/);
    expect(page.body[3]).toBe(
      'وأضاف كيم: "سيستمر التعاون الوثيق بين البلدين في مختلف المجالات مستقبلا".',
    );
    expect(page.body[10]).toMatch(/وفق محللين\.$/);
  });

  it("lists the four read-more teasers in the box's order", () => {
    expect(page.readMore.map((t) => t.headline)).toEqual([
      'بصاروخ "أوريشنيك".. موسكو ترد على استهداف مقر بوتين',
      "اليمن.. اجتماع في المكلا يبحث التنسيق بين ألوية المنطقة وقوات درع الوطن",
      "ترامب يلتقي زعيمة المعارضة الفنزويلية ماتشادو الأسبوع المقبل",
      "ترامب: أخلاقي تمنعني من شن عمليات عسكرية",
    ]);
  });

  it("flags every teaser as cut off mid-sentence, as the page cuts them all", () => {
    expect(page.readMore.map((t) => t.truncated)).toEqual([true, true, true, true]);
    expect(page.readMore[0]!.text).toMatch(/وأَضافت أن القوات الروسية$/);
    expect(page.readMore[3]!.text).toMatch(/في إصدار أوامر بشن عمليات$/);
  });
});

describe("teaser truncation", () => {
  const box = (teaser: string) =>
    parsePage(`ع\n\nع\n\nنص.\n\nقراءة المزيد\n\nعنوان\n\nعنوان\n\n${teaser}\n`).readMore[0]!;

  it("treats a teaser ending in . ! ? ؟ or … as complete", () => {
    for (const end of [".", "!", "?", "؟", "…"])
      expect(box(`قال ترامب${end}`).truncated).toBe(false);
  });

  it("treats a closing quote after the full stop as complete", () => {
    expect(box('قال كيم: "هذا الخيار سيكون ثابتا ودائما."').truncated).toBe(false);
    expect(box('قال كيم: "هذا الخيار سيكون ثابتا ودائما".').truncated).toBe(false);
  });

  it("treats a teaser ending on a word or a comma as cut off", () => {
    expect(box("ترسيخ دعائم").truncated).toBe(true);
    expect(box("ناقش اجتماع،").truncated).toBe(true);
  });
});

describe("refusing what is not a page", () => {
  it("refuses an empty or blank file", () => {
    expect(() => parsePage(decodePage(new Uint8Array()))).toThrow(/empty/);
    expect(() => parsePage(" \n\n \n")).toThrow(/empty/);
  });

  it("refuses bytes that are not UTF-8", () => {
    expect(() => decodePage(new Uint8Array([0xd8, 0x20, 0xff, 0xfe]))).toThrow(/not UTF-8/);
  });

  it("refuses a binary file even when its bytes happen to be valid UTF-8", () => {
    expect(() => decodePage(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow(
      /binary/,
    );
  });

  it("refuses a file over the size bound", () => {
    const big = new Uint8Array(MAX_PAGE_BYTES + 1).fill(0x61);
    expect(() => decodePage(big)).toThrow(/over the 1048576 byte limit/);
  });

  it("refuses a page whose first line is not a headline printed twice", () => {
    expect(() => parsePage("تعهد الزعيم الكوري الشمالي\n\nكيم جونغ أون\n")).toThrow(/no headline/);
    expect(() => parsePage("قراءة المزيد\n\nقراءة المزيد\n")).toThrow(/no headline/);
  });

  it("refuses a story with no body", () => {
    expect(() => parsePage("عنوان\nعنوان\n\nقراءة المزيد\n")).toThrow(/no body/);
  });

  it("reports refusals as PageError so the ingest can tell them from its own bugs", () => {
    expect(() => parsePage("")).toThrow(PageError);
  });

  it("accepts the seed page as bytes, with or without a byte order mark", () => {
    const bytes = utf8(seedText());
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(parsePage(decodePage(withBom))).toEqual(parsePage(decodePage(bytes)));
  });
});
