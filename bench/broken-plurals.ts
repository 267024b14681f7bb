/**
 * How many more stories each broken-plural entry (src/text/broken-plurals.ts) lets a search find:
 * stories that hold the plural but not the singular (found by a search for the singular only
 * through the entry), and the reverse. On the embedded store and on a generated corpus.
 *
 *   node --import tsx bench/broken-plurals.ts [articles]
 */
import { readFileSync } from "node:fs";
import { generateContent } from "../src/corpus/generate.js";
import { embeddedStorePath } from "../src/store/json/lowdb.js";
import type { ArticleRecord } from "../src/store/records.js";
import { BROKEN_PLURALS } from "../src/text/broken-plurals.js";
import { normalizeArabic, words } from "../src/text/normalize.js";
import { light10 } from "../src/text/stem.js";

const stemOf = (word: string) => light10(normalizeArabic(word));

/** Each story's light stems (what the stemmer gives before the plural dictionary). */
const storyStems = (articles: readonly ArticleRecord[]) =>
  articles.map(
    (a) => new Set([a.headline, a.summary, ...a.body].flatMap((text) => words(text).map(light10))),
  );

function report(label: string, articles: readonly ArticleRecord[]): void {
  const stems = storyStems(articles);
  console.log(`${label} (${articles.length} articles)`);
  for (const [plural, singular] of BROKEN_PLURALS) {
    const [p, s] = [stemOf(plural), stemOf(singular)];
    const onlyPlural = stems.filter((set) => set.has(p) && !set.has(s)).length;
    const onlySingular = stems.filter((set) => set.has(s) && !set.has(p)).length;
    console.log(
      `  ${singular} / ${plural}: +${onlyPlural} for the singular, +${onlySingular} for the plural`,
    );
  }
}

const seed: ArticleRecord[] = JSON.parse(readFileSync(embeddedStorePath, "utf8")).articles;
report("embedded store (the seed page)", seed);
report(
  "generated corpus",
  generateContent({ articles: Number(process.argv[2] ?? 10_000) }).articles,
);
