/**
 * Arabic text normalisation shared by ingestion (story identity, entity linking, dates) and
 * search. The rules are the ones issues 3 and 15 list and no more: hamza on a carrier other than
 * alef (ؤ، ئ) is left alone, since folding it would merge distinct words and no seed word needs it.
 * Every rule maps one character to one character, so a token's offsets hold in the original text.
 * Changing a rule changes what indexes hold: bump ANALYSIS_VERSION (analysis-version.ts).
 */

/** Tashkeel (fathatan … sukun, Quranic marks) and the superscript alef: spelling aids, not letters. */
const TASHKEEL = /[\u064B-\u065F\u0670]/g;
/** Tatweel only stretches a word on the page. */
const TATWEEL = /\u0640/g;
const ALEF_FORMS = /[أإآٱ]/g;
/**
 * Letters a Persian or Urdu keyboard types for Arabic ones: keheh ک, Farsi yeh ی, Urdu heh forms
 * ە ہ ھ, and the heh and teh marbuta goal forms ۀ ۃ, which stand for taa marbuta.
 */
const KEYBOARD_LETTERS: Record<string, string> = {
  ک: "ك",
  ی: "ي",
  ە: "ه",
  ہ: "ه",
  ھ: "ه",
  ۀ: "ة",
  ۃ: "ة",
};
const KEYBOARD_LETTER = /[کیەہھۀۃ]/g;
/** Eastern Arabic (٠–٩) and Persian (۰–۹) digits: the same numbers as 0–9. */
const EASTERN_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;
/** Latin letters with accents or other marks (Latin-1 Supplement to Latin Extended-B). */
const ACCENTED_LATIN = /[\u00C0-\u024F]/g;
/** Taa marbuta is often typed as haa; folding it at the end of a word makes both spellings meet. */
const FINAL_TAA_MARBUTA = /ة(?!\p{L})/gu;

/** Both runs of ten start at a multiple of 16, so the low four bits are the digit's value. */
const asciiDigit = (digit: string) => String(digit.codePointAt(0)! & 0xf);

/** "é" → "e", "ñ" → "n"; a letter without a decomposition (ø, ß) stays as it is. */
const latinBase = (letter: string) => letter.normalize("NFD")[0]!;

/** Folds the spelling variants of a text so that two writings of the same word compare equal. */
export function normalizeArabic(text: string): string {
  return text
    .replace(TASHKEEL, "")
    .replace(TATWEEL, "")
    .replace(ALEF_FORMS, "ا")
    .replace(KEYBOARD_LETTER, (letter) => KEYBOARD_LETTERS[letter]!)
    .replace(/ى/g, "ي")
    .replace(EASTERN_DIGIT, asciiDigit)
    .replace(ACCENTED_LATIN, latinBase)
    .replace(FINAL_TAA_MARBUTA, "ه")
    .toLowerCase();
}

export interface Token {
  /** The word normalised. */
  text: string;
  /** Offsets of the word in the original string, end exclusive, so a match can be highlighted. */
  start: number;
  end: number;
}

/** A run of letters, combining marks (tashkeel) and digits: tatweel is a letter modifier. */
const WORD = /[\p{L}\p{M}\p{Nd}]+/gu;

/** The normalised words of a text, as tokenize() finds them, without their offsets. */
export const words = (text: string): string[] => normalizeArabic(text).match(WORD) ?? [];

/** Splits a text into its words, each normalised and located in the original. */
export function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(WORD), (match) => ({
    text: normalizeArabic(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * Proclitics that attach to the front of a word: a conjunction (و، ف), then a preposition (ب، ل،
 * ك), then the article (ال, which ل contracts into لل). Normalised spelling, shortest first: the
 * least stripped reading wins, so "وكوريا" is و + "كوريا" even if "وريا" were known too.
 */
const PROCLITICS = [
  "و",
  "ف",
  "ب",
  "ل",
  "ك",
  "ال",
  "لل",
  "وب",
  "ول",
  "وك",
  "فب",
  "فل",
  "فك",
  "وال",
  "فال",
  "بال",
  "كال",
  "ولل",
  "فلل",
  "وبال",
  "فبال",
  "وكال",
  "فكال",
];

/** Proclitics that swallowed the article, so the article goes back on what remains. */
const ABSORBS_ARTICLE = /(ال|لل)$/;

/** A stem shorter than this is too likely to be a coincidence. */
const MIN_STEM = 2;

/**
 * The known term a normalised word stands for: the word itself when known, else the word
 * without an attached proclitic when what remains is known ("لاوكرانيا" → "اوكرانيا"), else
 * undefined. Stripping only towards a known term keeps "كوريا" from reading as ك + "وريا".
 */
export function knownForm(word: string, isKnown: (term: string) => boolean): string | undefined {
  if (isKnown(word)) return word;
  for (const proclitic of PROCLITICS) {
    if (!word.startsWith(proclitic)) continue;
    const rest = word.slice(proclitic.length);
    if (rest.length < MIN_STEM) continue;
    if (isKnown(rest)) return rest;
    if (ABSORBS_ARTICLE.test(proclitic) && isKnown(`ال${rest}`)) return `ال${rest}`;
  }
  return undefined;
}
