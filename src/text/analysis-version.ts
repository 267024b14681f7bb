/**
 * The version of the text analysis (normalisation, tokenising, stemming, entity names) that
 * built an index. Every saved index records it, so an index built under another version is
 * rebuilt rather than read with rules it was not made with: the JSON store's saved index and
 * PostgreSQL's stored terms and headline keys alike. Bump it with any change to what a text or a
 * query analyses to, and to the tsvector positions term-vector.ts writes.
 *
 * 1. Issue 3: tashkeel, tatweel, alef forms, ى → ي, final ة → ه, light10 and known proclitics.
 * 2. Issue 15: Persian/Urdu letters (ک ی ە ہ ھ ۀ ۃ), Eastern Arabic and Persian digits, accented
 *    Latin letters folded to their base letter.
 * 3. Issue 15: broken plurals of everyday news words stem to their singular (broken-plurals.ts).
 */
export const ANALYSIS_VERSION = 3;
