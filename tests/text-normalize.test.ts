import { describe, expect, it } from "vitest";
import { knownForm, normalizeArabic, tokenize } from "../src/text/normalize.js";

const known = (...terms: string[]) => {
  const set = new Set(terms.map(normalizeArabic));
  return (term: string) => set.has(term);
};

describe("normalizeArabic", () => {
  it("strips tashkeel, as in the teaser's رداً, نُشرت and وأَضافت", () => {
    expect(normalizeArabic("رداً")).toBe("ردا");
    expect(normalizeArabic("نُشرت")).toBe("نشرت");
    expect(normalizeArabic("وأَضافت")).toBe("واضافت");
  });

  it("strips the superscript alef and tatweel, as in the page's بـ before a quote", () => {
    expect(normalizeArabic("بـ")).toBe("ب");
    expect(normalizeArabic("هٰذا")).toBe("هذا");
    expect(normalizeArabic("بوتـــين")).toBe("بوتين");
  });

  it("unifies the alef forms of أوكرانيا, إلى, آلاف and ٱلروسية to bare alef", () => {
    expect(normalizeArabic("أوكرانيا")).toBe("اوكرانيا");
    expect(normalizeArabic("إلى")).toBe("الي");
    expect(normalizeArabic("آلاف")).toBe("الاف");
    expect(normalizeArabic("ٱلروسية")).toBe("الروسيه");
  });

  it("writes alef maqsura as yaa, so إلى and إلي meet", () => {
    expect(normalizeArabic("على")).toBe("علي");
    expect(normalizeArabic("إلى")).toBe(normalizeArabic("إلي"));
  });

  it("folds taa marbuta to haa at the end of a word only", () => {
    expect(normalizeArabic("الشمالية")).toBe("الشماليه");
    expect(normalizeArabic("وكالة الأنباء")).toBe("وكاله الانباء");
    expect(normalizeArabic("الكورية،")).toBe("الكوريه،");
    expect(normalizeArabic("ةا")).toBe("ةا");
  });

  it("leaves hamza on waw and yaa alone, since the issue folds alef forms only", () => {
    expect(normalizeArabic("الرئيس")).toBe("الرئيس");
    expect(normalizeArabic("مؤخراً")).toBe("مؤخرا");
  });

  it("case-folds Latin, as in the page's Fox News", () => {
    expect(normalizeArabic("Fox News")).toBe("fox news");
  });

  it("folds Persian and Urdu keyboard letters: کوریا, الشمالیة, وکالہ and ھجوم are the page's words", () => {
    expect(normalizeArabic("کوریا")).toBe(normalizeArabic("كوريا"));
    expect(normalizeArabic("الشمالیة")).toBe(normalizeArabic("الشمالية"));
    expect(normalizeArabic("وکالہ")).toBe(normalizeArabic("وكالة"));
    expect(normalizeArabic("وکالە")).toBe(normalizeArabic("وكالة"));
    expect(normalizeArabic("ھجوم")).toBe("هجوم");
  });

  it("reads the heh-with-yeh and teh marbuta goal forms as taa marbuta: الروسیۀ, الروسیۃ", () => {
    expect(normalizeArabic("الروسیۀ")).toBe(normalizeArabic("الروسية"));
    expect(normalizeArabic("الروسیۃ")).toBe(normalizeArabic("الروسية"));
    expect(normalizeArabic("ۀا")).toBe("ةا");
  });

  it("writes Eastern Arabic and Persian digits as ASCII, so ٢٠٢٦ and ۲۰۲۶ are the year 2026", () => {
    expect(normalizeArabic("٢٠٢٦")).toBe("2026");
    expect(normalizeArabic("۲۰۲۶")).toBe("2026");
    expect(normalizeArabic("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789 0123456789");
  });

  it("folds accents on Latin letters, so María Corina Machado is maria corina machado", () => {
    expect(normalizeArabic("María Corina Machado")).toBe("maria corina machado");
    expect(normalizeArabic("Ørsted Straße")).toBe("ørsted straße");
  });

  it("folds letters, digits and accents one for one, so a word keeps its length", () => {
    const typed = "کیم ۲۰۲۶ María الروسیۀ";
    expect(normalizeArabic(typed)).toHaveLength(typed.length);
  });
});

describe("tokenize", () => {
  it("splits Arabic and Latin words and numbers, dropping punctuation and quotes", () => {
    const text = 'قناة "فوكس نيوز" Fox News، منذ 4 سنوات.';
    expect(tokenize(text).map((t) => t.text)).toEqual([
      "قناه",
      "فوكس",
      "نيوز",
      "fox",
      "news",
      "منذ",
      "4",
      "سنوات",
    ]);
  });

  it("splits at Arabic punctuation and guillemets: ، ؛ ؟ « »", () => {
    const text = "«الدم والحياة»، ماتشادو؟ كييف؛ موسكو";
    expect(tokenize(text).map((t) => t.text)).toEqual([
      "الدم",
      "والحياه",
      "ماتشادو",
      "كييف",
      "موسكو",
    ]);
  });

  it("keeps each word's offsets in the original text, diacritics included", () => {
    const text = "وأَضافت أن القوات";
    const [first, second] = tokenize(text);
    expect(text.slice(first!.start, first!.end)).toBe("وأَضافت");
    expect(first!.text).toBe("واضافت");
    expect(text.slice(second!.start, second!.end)).toBe("أن");
  });
});

describe("knownForm", () => {
  it("strips the preposition of بصاروخ when صاروخ is a known term", () => {
    expect(knownForm(normalizeArabic("بصاروخ"), known("صاروخ"))).toBe("صاروخ");
  });

  it("strips the lam of لسياسات and لأوكرانيا", () => {
    expect(knownForm(normalizeArabic("لسياسات"), known("سياسات"))).toBe("سياسات");
    expect(knownForm(normalizeArabic("لأوكرانيا"), known("أوكرانيا"))).toBe("اوكرانيا");
  });

  it("strips the conjunction of وبوتين and وروسيا", () => {
    expect(knownForm("وبوتين", known("بوتين"))).toBe("بوتين");
    expect(knownForm("وروسيا", known("روسيا"))).toBe("روسيا");
  });

  it("puts the article back after لل, so للولايات finds الولايات", () => {
    expect(knownForm("للولايات", known("الولايات"))).toBe("الولايات");
  });

  it("strips a conjunction with preposition and article, as in وبالإضافة", () => {
    expect(knownForm(normalizeArabic("وبالإضافة"), known("إضافة"))).toBe("اضافه");
  });

  it("keeps كوريا whole: a known word is never split into ك + وريا", () => {
    expect(knownForm("كوريا", known("كوريا", "وريا"))).toBe("كوريا");
  });

  it("strips as little as it can: وكوريا is و + كوريا, not وك + وريا", () => {
    expect(knownForm("وكوريا", known("كوريا", "وريا"))).toBe("كوريا");
  });

  it("strips nothing when what remains is not known", () => {
    expect(knownForm("كوريا", known("كوري", "ريا"))).toBeUndefined();
    expect(knownForm("لسياسات", known("سياسة"))).toBeUndefined();
  });
});
