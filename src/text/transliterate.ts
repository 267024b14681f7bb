/**
 * Arabic → Latin transliteration for URL slugs: deterministic and ASCII only, one fixed spelling
 * per letter, so the same headline always gives the same slug. Readability is secondary; short
 * vowels are not written in Arabic and are not guessed.
 */

const LETTERS: Record<string, string> = {
  ء: "",
  ا: "a",
  أ: "a",
  إ: "i",
  آ: "a",
  ٱ: "a",
  ؤ: "u",
  ئ: "i",
  ب: "b",
  ت: "t",
  ث: "th",
  ج: "j",
  ح: "h",
  خ: "kh",
  د: "d",
  ذ: "dh",
  ر: "r",
  ز: "z",
  س: "s",
  ش: "sh",
  ص: "s",
  ض: "d",
  ط: "t",
  ظ: "z",
  ع: "a",
  غ: "gh",
  ف: "f",
  ق: "q",
  ك: "k",
  ل: "l",
  م: "m",
  ن: "n",
  ه: "h",
  ة: "a",
  و: "w",
  ى: "a",
  ي: "y",
  پ: "p",
  چ: "ch",
  ڤ: "v",
  گ: "g",
};

/** Marks that carry no letter of their own: tashkeel, the superscript alef, tatweel. */
const SILENT = /[\u064B-\u065F\u0670\u0640]/;
const ARABIC_INDIC_ZERO = 0x0660;
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0;

export const MAX_SLUG_LENGTH = 80;

function latinOf(char: string): string {
  if (SILENT.test(char)) return "";
  const letter = LETTERS[char];
  if (letter !== undefined) return letter;
  const code = char.codePointAt(0)!;
  if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) {
    return String(code - ARABIC_INDIC_ZERO);
  }
  if (code >= EXTENDED_ARABIC_INDIC_ZERO && code <= EXTENDED_ARABIC_INDIC_ZERO + 9) {
    return String(code - EXTENDED_ARABIC_INDIC_ZERO);
  }
  // Latin letters keep their base letter ("é" → "e"); anything else separates words.
  const base = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return /^[a-z0-9]+$/.test(base) ? base : " ";
}

/** Cuts a slug to `max` characters at a hyphen, so no word is left half-written. */
function cutAtWord(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.lastIndexOf("-", max);
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
}

/** A lowercase ASCII slug of words joined by hyphens, at most `max` characters; "" if no word. */
export function slugify(text: string, max = MAX_SLUG_LENGTH): string {
  const words = Array.from(text, latinOf).join("").trim().split(/\s+/).filter(Boolean);
  return cutAtWord(words.join("-"), max);
}
