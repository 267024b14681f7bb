import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, slugify } from "../src/text/transliterate.js";

describe("slugify", () => {
  it("transliterates a seed headline into lowercase ASCII words joined by hyphens", () => {
    expect(slugify("ترامب: أخلاقي تمنعني من شن عمليات عسكرية")).toBe(
      "tramb-akhlaqy-tmnany-mn-shn-amlyat-askrya",
    );
  });

  it("ignores diacritics, tatweel and punctuation", () => {
    expect(slugify('بصاروخ "أوريشنيك"..')).toBe(slugify("بصـاروخ أُوريشنيك"));
  });

  it("keeps Latin words and digits, folding case and accents", () => {
    expect(slugify("Fox News ٢٠٢٦ María")).toBe("fox-news-2026-maria");
  });

  it("cuts a long text at a word boundary within the bound", () => {
    const text =
      "ناقش اجتماع، الخميس، بمدينة المكلا في محافظة حضرموت، برئاسة رئيس أركان حرب المنطقة العسكرية الثانية";
    const full = slugify(text, 1000);
    const cut = slugify(text);
    expect(full.length).toBeGreaterThan(MAX_SLUG_LENGTH);
    expect(cut.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(full.startsWith(`${cut}-`)).toBe(true);
    expect(slugify(text, 20)).toBe("naqsh-ajtmaa-alkhmys");
  });

  it("is empty when the text has no word", () => {
    expect(slugify("... ؟!")).toBe("");
  });
});
