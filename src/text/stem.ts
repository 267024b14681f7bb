/**
 * Light stemming for search, after Larkey's light10 (as Lucene's ArabicStemmer does it) and a
 * step beyond it: the single proclitics ب ل ف ك, alone or after و/ف, come off only when what
 * remains is a term the index or the taxonomy knows; and a small dictionary of broken plurals
 * (broken-plurals.ts) maps their stems to the singular's. Words are normalised first (normalize.ts).
 */
import { BROKEN_PLURALS } from "./broken-plurals.js";
import { knownForm, normalizeArabic } from "./normalize.js";

/** light10's prefixes after the optional و: the article and its fused forms. */
const ARTICLE_PREFIXES = ["وال", "بال", "كال", "فال", "لل", "ال"];
/** light10's suffixes, normalised (ة is ه at a word's end), removed in this order. */
const SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
/** Proclitics beyond light10, longest first. */
const PROCLITICS = ["وب", "ول", "وك", "فب", "فل", "فك", "ب", "ل", "ف", "ك"];
/** A remainder shorter than this is too often a coincidence (بين is not ب + ين). */
const MIN_REMAINDER = 3;
const ARABIC_LETTER = /[\u0621-\u064A]/;

/** Larkey's light10 on one normalised word. Latin words and numbers pass through. */
export function light10(word: string): string {
  if (!ARABIC_LETTER.test(word)) return word;
  let stem = word;
  if (stem.length > 3 && stem.startsWith("و")) stem = stem.slice(1);
  const article = ARTICLE_PREFIXES.find((p) => stem.startsWith(p) && stem.length - p.length > 1);
  if (article) stem = stem.slice(article.length);
  for (const suffix of SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length > 1) {
      stem = stem.slice(0, -suffix.length);
    }
  }
  return stem;
}

/** The light stem of each broken plural → its singular's, so both are one term. */
const SINGULAR_STEM = new Map(
  BROKEN_PLURALS.map(([plural, singular]) => [
    light10(normalizeArabic(plural)),
    light10(normalizeArabic(singular)),
  ]),
);

/**
 * What a word could stem to once a proclitic is off, in the order they are tried: the terms a
 * vocabulary is asked about (a store that keeps its vocabulary in a database looks up just these).
 */
export function procliticRemainders(word: string): string[] {
  return PROCLITICS.filter(
    (proclitic) => word.startsWith(proclitic) && word.length - proclitic.length >= MIN_REMAINDER,
  ).map((proclitic) => light10(word.slice(proclitic.length)));
}

/**
 * Turns normalised words into index terms. Built over the names the taxonomy knows (kept whole,
 * so بوتين is never cut to بوت) and the light10 stems of every word the index holds.
 */
export class Stemmer {
  private readonly names: Set<string>;
  private readonly cache = new Map<string, string>();

  constructor(
    names: Iterable<string>,
    private readonly vocabulary: ReadonlySet<string> = new Set(),
  ) {
    this.names = new Set(Array.from(names, normalizeArabic));
  }

  stem(word: string): string {
    let term = this.cache.get(word);
    if (term === undefined) {
      term =
        knownForm(word, (w) => this.names.has(w)) ?? this.stripProclitic(word) ?? light10(word);
      term = SINGULAR_STEM.get(term) ?? term;
      this.cache.set(word, term);
    }
    return term;
  }

  /** بصاروخ → صاروخ when صاروخ is a known term; كوريا stays كوريا when وريا is not. */
  private stripProclitic(word: string): string | undefined {
    return procliticRemainders(word).find((rest) => this.vocabulary.has(rest));
  }
}
