/**
 * Broken plurals of everyday news words, each with its singular: light stemming cannot join them
 * (جنود is not جندي plus a suffix), so the stemmer maps the plural's stem to the singular's. The
 * list holds only words the corpus uses in the plural, each finding stories the singular alone
 * misses; `node --import tsx bench/broken-plurals.ts` measures that on the seed and a generated
 * corpus (README, "Search"). Left out on purpose: ألوية (its light stem, وي, is two letters and
 * would join unrelated words), سنوات (stems to سنو, not a broken plural), أخلاق (not the plural
 * of خلق in meaning), and صواريخ (the earlier searches pin الصواريخ to the story that says it).
 */
export const BROKEN_PLURALS: readonly (readonly [plural: string, singular: string])[] = [
  ["جنود", "جندي"],
  ["أسلحة", "سلاح"],
  ["قذائف", "قذيفة"],
  ["أنظمة", "نظام"],
  ["أدوية", "دواء"],
  ["أوامر", "أمر"],
  ["أهداف", "هدف"],
  ["دعائم", "دعامة"],
];
