/**
 * A benchmark corpus: N articles made from the seed page alone, the same for the same N and seed.
 *
 * The seed page's five stories come first, exactly as the ingest makes them (so the main story's
 * URL works on any corpus). Every other article is recombined from the seed's own text:
 *
 * - Templates. The seed's sentences and their clauses (split at "،"), and its headlines, with
 *   every person and topic name cut out as a typed slot ("a PLACE", "a person", "an adjective
 *   like الروسية"), the proclitic in front of it kept (لـ, و, بـ…).
 * - Entities. The taxonomy's people and topics, then synthetic ones (a few hundred at 100k: ids
 *   "person-12", "topic-345"; Arabic-looking made-up words as names, never a seed word). All are
 *   ranked, real ones first by how much the seed mentions them, and drawn with Zipf weights, so a
 *   few are everywhere and most are rare.
 * - Storylines. Most articles belong to a storyline: a core of topics and a person, and a day the
 *   articles cluster around, so related stories exist as in a real archive. The others stand alone.
 * - Text. A full story is paragraphs of one or two sentences (a seed sentence whole, or clauses of
 *   several joined) with the slots filled from the article's own entities (now and then a plain
 *   word such as البلاد instead, as a reporter varies them). Full stories are as long as the
 *   seed's main story on average (lognormal spread); a teaser-only story is about 47 words cut off
 *   mid-sentence, as the seed's teasers are. Mentions are then found in the text by the ingest's
 *   own linker, so they are exactly what an ingest of that text would store.
 * - Read-more boxes. Some full stories get 2–4 editorial links: storyline siblings and stories of
 *   the days before. Related edges come from the ingest's computeRelated.
 *
 * All randomness comes from seeded mulberry32 streams; no wall clock, no Math.random.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { countWords, fullArticle, storyId, teaserArticle, uniqueSlug } from "../ingest/article.js";
import { formatDay } from "../ingest/dates.js";
import { createLinker, type Linker } from "../ingest/link.js";
import { decodePage, parsePage, type ParsedPage } from "../ingest/parse.js";
import { referenceData } from "../ingest/ingest.js";
import { computeRelated } from "../ingest/related.js";
import {
  checkTaxonomy,
  taxonomyPath,
  type Taxonomy,
  type TaxonomyPerson,
  type TaxonomyTopic,
} from "../ingest/taxonomy.js";
import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  StoreData,
  TopicKind,
  TopicRecord,
} from "../store/records.js";
import { compareStrings } from "../store/store.js";
import { knownForm, normalizeArabic, tokenize } from "../text/normalize.js";
import { slugify } from "../text/transliterate.js";

export interface CorpusOptions {
  /** How many articles, the seed page's five included. */
  articles: number;
  /** Picks one corpus among many of the same size; default 1. */
  seed?: number;
}

/** The seed page and the day it was published (what data/db.json was ingested with). */
export const seedPagePath = fileURLToPath(
  new URL("../../data/pages/000_d6ebe4d0a221472b.txt", import.meta.url),
);
export const SEED_PAGE_DAY = "2026-01-09";

/** The first and last day articles are spread over (the last is the seed page's day). */
export const FIRST_DAY = "2021-01-01";
export const LAST_DAY = SEED_PAGE_DAY;

export const MIN_ARTICLES = 5;
export const DEFAULT_SEED = 1;

const DAY_MS = 24 * 60 * 60 * 1000;
const TEASER_SHARE = 0.2;
const STORYLINE_SHARE = 0.65;
const ARTICLES_PER_STORYLINE = 25;
const EDITORIAL_SHARE = 0.3;
/** Spread of a full story's length around the seed main story's (sigma of a lognormal). */
const LENGTH_SIGMA = 0.4;

export interface Seed {
  page: ParsedPage;
  taxonomy: Taxonomy;
}

let cachedSeed: Seed | undefined;

/** The committed seed page and taxonomy, read once: the generator's only input besides N. */
export function loadSeed(): Seed {
  cachedSeed ??= {
    page: parsePage(decodePage(readFileSync(seedPagePath))),
    taxonomy: checkTaxonomy(JSON.parse(readFileSync(taxonomyPath, "utf8"))),
  };
  return cachedSeed;
}

// ---------------------------------------------------------------------------------------------
// Randomness

type Random = () => number;

/** mulberry32: a small, fast 32-bit PRNG; plenty for a benchmark corpus. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One independent stream per concern, so changing how links are drawn leaves the text alone. */
const stream = (seed: number, concern: number): Random =>
  mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(concern, 0x85ebca77)) >>> 0);

const intBelow = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[intBelow(random, items.length)]!;

/** A standard normal draw (Box–Muller). */
const gaussian = (random: Random) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Draws ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s. */
class Zipf {
  private readonly cumulative: Float64Array;
  constructor(n: number, s: number) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) this.cumulative[r] = sum += 1 / (r + 1) ** s;
  }
  draw(random: Random): number {
    const target = random() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** `count` different ranks, none in `taken` (which it extends). */
  drawDistinct(random: Random, count: number, taken: number[]): number[] {
    const drawn: number[] = [];
    for (let tries = 0; drawn.length < count && tries < count * 20; tries++) {
      const rank = this.draw(random);
      if (!taken.includes(rank)) (taken.push(rank), drawn.push(rank));
    }
    return drawn;
  }
}

// ---------------------------------------------------------------------------------------------
// Templates: seed text with its names cut out as slots

/**
 * What fills a hole: a person, a topic of one kind, or a nisba adjective of a topic ("الروسية"),
 * masculine or feminine, so "الرئيس الروسي" becomes another adjective, not a place name.
 */
export type SlotKind = "person" | TopicKind | "adjective" | "adjective-feminine";

/** Text with typed holes: parts[0] slot[0] parts[1] … slot[n-1] parts[n]. */
interface Template {
  parts: string[];
  slots: { kind: SlotKind; proclitic: string }[];
}

/** A nisba adjective: every word with the article and ending in ي or ية (الكورية الشمالية). */
const isAdjective = (alias: string) =>
  tokenize(alias).every((t) => t.text.startsWith("ال") && /(ي|يه)$/.test(t.text));
const adjectiveKind = (alias: string): SlotKind =>
  /يه$/.test(normalizeArabic(alias)) ? "adjective-feminine" : "adjective";

interface Term {
  words: string[];
  kind: SlotKind;
}

/** Every name and alias of the taxonomy as words, grouped by first word, longest first. */
function termIndex(taxonomy: Taxonomy): Map<string, Term[]> {
  const index = new Map<string, Term[]>();
  const add = (names: string[], kind: SlotKind) => {
    for (const name of names) {
      const words = tokenize(name).map((t) => t.text);
      if (words.length === 0) continue;
      index.set(words[0]!, [...(index.get(words[0]!) ?? []), { words, kind }]);
    }
  };
  for (const person of taxonomy.people) add([person.name, ...person.aliases], "person");
  for (const topic of taxonomy.topics) {
    add([topic.name, ...topic.aliases.filter((alias) => !isAdjective(alias))], topic.kind);
    for (const alias of topic.aliases.filter(isAdjective)) add([alias], adjectiveKind(alias));
  }
  for (const group of index.values()) group.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/**
 * The proclitic in front of a matched name, as it should stand before another name: a
 * preposition that swallowed the article (لل) gives it back, and the article itself goes with the
 * name it belonged to.
 */
function procliticOf(word: string, known: string): string {
  const stripped =
    known.startsWith("ال") && !word.endsWith(known) ? known.length - 2 : known.length;
  const proclitic = word.slice(0, word.length - stripped);
  if (proclitic.endsWith("لل")) return proclitic.slice(0, -1);
  if (proclitic.endsWith("ال")) return proclitic.slice(0, -2);
  return proclitic;
}

/**
 * Cuts the taxonomy's names out of a text, the way the linker finds them: the first word may carry
 * a proclitic, the longest name wins. Texts are taken as they are (no tashkeel inside names).
 */
function templateOf(text: string, index: Map<string, Term[]>): Template {
  const tokens = tokenize(text);
  const parts: string[] = [];
  const slots: Template["slots"] = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const first = knownForm(tokens[i]!.text, (word) => index.has(word));
    if (first === undefined) continue;
    const term = index
      .get(first)!
      .find((t) => t.words.every((w, k) => k === 0 || tokens[i + k]?.text === w));
    if (!term) continue;
    parts.push(text.slice(from, tokens[i]!.start));
    slots.push({ kind: term.kind, proclitic: procliticOf(tokens[i]!.text, first) });
    i += term.words.length - 1;
    from = tokens[i]!.end;
  }
  parts.push(text.slice(from));
  return { parts, slots };
}

/** A name placed after a proclitic, spelled as Arabic joins them (ل + الولايات → للولايات). */
const attach = (proclitic: string, name: string) =>
  proclitic.endsWith("ل") && name.startsWith("ال") ? proclitic + name.slice(1) : proclitic + name;

const SENTENCE_END = /[.!؟?]["»]?$/;
const quotesBalanced = (text: string) => (text.match(/"/g)?.length ?? 0) % 2 === 0;

/** The seed's sentences (whole), clauses (for recombining) and headlines, as templates. */
interface Templates {
  sentences: Template[];
  openingClauses: Template[];
  followingClauses: Template[];
  headlines: Template[];
  headlineClauses: Template[];
}

function buildTemplates({ page, taxonomy }: Seed): Templates {
  const index = termIndex(taxonomy);
  const texts = [
    ...page.body,
    ...page.readMore.map((teaser) =>
      // A cut-off teaser's last sentence is incomplete: keep the complete ones.
      teaser.truncated ? teaser.text.replace(/[^.!؟?]*$/, "").trim() : teaser.text,
    ),
  ];
  const sentences = texts.flatMap((text) =>
    text.split(/(?<=[.!؟?]["»]?)\s+/).filter((s) => SENTENCE_END.test(s)),
  );
  const clauses = sentences.map((s) =>
    s
      .replace(SENTENCE_END, (end) => end.slice(1))
      .split(/\s*،\s*/)
      .filter((clause) => clause !== "" && quotesBalanced(clause)),
  );
  const shortClauses = clauses.flat().filter((c) => {
    const words = countWords([c]);
    return words >= 5 && words <= 10;
  });
  const headlines = [page.headline, ...page.readMore.map((t) => t.headline)];
  const of = (text: string) => templateOf(text, index);
  return {
    sentences: sentences.map(of),
    openingClauses: clauses.flatMap((list) => list.slice(0, 1)).map(of),
    followingClauses: clauses.flatMap((list) => list.slice(1)).map(of),
    headlines: [...new Set(headlines)].map(of),
    headlineClauses: shortClauses.map(of),
  };
}

const PLAIN_SHARE = 0.25;
/** Plain words for a hole the article has no entity of that kind for. */
export const PLAIN: Record<SlotKind, readonly string[]> = {
  person: ["المسؤول", "المتحدث", "الزعيم", "الوزير"],
  PLACE: ["البلاد", "المنطقة", "العاصمة"],
  ORGANISATION: ["الحكومة", "الوكالة", "الجيش"],
  SUBJECT: ["الأسلحة", "الملف", "الاقتصاد"],
  adjective: ["السابق", "الجديد"],
  "adjective-feminine": ["السابقة", "الجديدة"],
};

// ---------------------------------------------------------------------------------------------
// Entities: the taxonomy's, then synthetic ones for a long tail

/** Made-up words start with none of the proclitic letters, so no reading of them is ambiguous. */
const ONSETS = [..."تجدرزسشصضطظعغقمنهحخثذ"];
const LETTERS = [..."بتجدرزسشعغفقكلمنهحخ"];
const VOWELS = ["ا", "و", "ي", ""];
const CODAS = ["ن", "م", "ر", "ل", "ت", "س", "ف", "د"];
const ORGANISATION_HEADS = [
  { ar: "وكالة", en: "Agency" },
  { ar: "قوات", en: "Forces" },
  { ar: "وزارة", en: "Ministry" },
  { ar: "حزب", en: "Party" },
  { ar: "مجلس", en: "Council" },
];
const TOPIC_KINDS: readonly TopicKind[] = ["PLACE", "PLACE", "PLACE", "ORGANISATION", "SUBJECT"];

const capitalised = (text: string) =>
  slugify(text)
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");

/**
 * Made-up words that read as Arabic names: never a seed word or a plain stand-in word, nor one of
 * those with a proclitic taken off, never twice.
 */
function wordMaker(seed: Seed, random: Random) {
  const seedWords = [
    seed.page.headline,
    ...seed.page.body,
    ...seed.page.readMore.flatMap((t) => [t.headline, t.text]),
    ...Object.values(PLAIN).flat(),
  ].flatMap((text) => tokenize(text).map((t) => t.text));
  const used = new Set<string>();
  const clashes = (word: string) =>
    used.has(word) || seedWords.some((w) => knownForm(w, (known) => known === word) === word);
  return (): string => {
    for (;;) {
      let word = pick(random, ONSETS) + pick(random, VOWELS);
      for (let n = intBelow(random, 2); n > 0; n--)
        word += pick(random, LETTERS) + pick(random, VOWELS);
      word += pick(random, CODAS);
      if (word.length >= 3 && normalizeArabic(word) === word && !clashes(word)) {
        used.add(word);
        return word;
      }
    }
  };
}

/** How many people and topics of each a corpus of n articles draws from, real ones included. */
const entityCounts = (n: number, taxonomy: Taxonomy) => {
  const extra = Math.round(1.5 * Math.sqrt(n));
  return { people: taxonomy.people.length + extra, topics: taxonomy.topics.length + extra };
};

/** Real entities ranked by how often the seed mentions them, so they head the Zipf ranking. */
function byProminence<T extends { id: string }>(entities: T[], counts: Map<string, number>): T[] {
  return [...entities].sort(
    (a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1),
  );
}

function rankedEntities(seed: Seed, seedArticles: ArticleRecord[], n: number, random: Random) {
  const counts = new Map<string, number>();
  for (const article of seedArticles) {
    for (const m of [...article.people, ...article.topics]) {
      counts.set(m.id, (counts.get(m.id) ?? 0) + m.count);
    }
  }
  const wanted = entityCounts(n, seed.taxonomy);
  const word = wordMaker(seed, random);
  const people: TaxonomyPerson[] = byProminence(seed.taxonomy.people, counts);
  for (let k = 1; people.length < wanted.people; k++) {
    const [first, last] = [word(), word()];
    people.push({
      id: `person-${k}`,
      name: `${first} ${last}`,
      nameEn: capitalised(`${first} ${last}`),
      aliases: [last],
      description: null,
    });
  }
  const topics: TaxonomyTopic[] = byProminence(seed.taxonomy.topics, counts);
  for (let k = 1; topics.length < wanted.topics; k++) {
    const kind = pick(random, TOPIC_KINDS);
    const stem = word();
    const head = pick(random, ORGANISATION_HEADS);
    const [name, nameEn] =
      kind === "ORGANISATION"
        ? [`${head.ar} ${stem}`, `${capitalised(stem)} ${head.en}`]
        : kind === "SUBJECT"
          ? [`ال${stem}`, capitalised(stem)]
          : [stem, capitalised(stem)];
    topics.push({ id: `topic-${k}`, name, nameEn, kind, aliases: [], description: null });
  }
  return { people, topics };
}

// ---------------------------------------------------------------------------------------------
// Articles

/** What an article is about, before its text is written: ranks into the entity lists. */
interface Plan {
  day: number;
  storyline: number | undefined;
  people: number[];
  topics: number[];
  teaser: boolean;
}

interface Storyline {
  day: number;
  people: number[];
  topics: number[];
}

/** Fills one article's slots from its own entities, the first ones most often. */
class Filler {
  private readonly named = new Set<TaxonomyPerson>();
  private readonly names = new Map<SlotKind, string[]>();
  constructor(
    private readonly random: Random,
    private readonly people: TaxonomyPerson[],
    private readonly topics: TaxonomyTopic[],
  ) {}

  /** Index 0 more than half the time, then 1 more than half of the rest…: the lead dominates. */
  private lead<T>(items: readonly T[]): T {
    let i = 0;
    while (i < items.length - 1 && this.random() < 0.45) i++;
    return items[i]!;
  }

  /** The names the article can put in a hole of this kind. */
  private namesFor(kind: SlotKind): string[] {
    let names = this.names.get(kind);
    if (names) return names;
    if (kind === "person") names = this.people.map((p) => p.name);
    else if (kind === "adjective" || kind === "adjective-feminine") {
      names = this.topics.flatMap((t) =>
        t.aliases.filter((alias) => isAdjective(alias) && adjectiveKind(alias) === kind),
      );
    } else names = this.topics.filter((t) => t.kind === kind).map((t) => t.name);
    this.names.set(kind, names);
    return names;
  }

  has(kind: SlotKind): boolean {
    return this.namesFor(kind).length > 0;
  }

  /** A name for a hole; `plainToo` lets a plain word stand in now and then. */
  name(kind: SlotKind, plainToo = true): string {
    if (kind === "person" && this.people.length > 0) {
      const person = this.lead(this.people);
      // Full name first, then mostly the short one, as a reporter writes.
      const short = this.named.has(person) && person.aliases.length > 0 && this.random() < 0.7;
      this.named.add(person);
      return short ? person.aliases[0]! : person.name;
    }
    const names = this.namesFor(kind);
    // Now and then a plain word even so: "البلاد" rather than the same place for the tenth time.
    return names.length > 0 && (!plainToo || this.random() >= PLAIN_SHARE)
      ? this.lead(names)
      : pick(this.random, PLAIN[kind]);
  }

  render({ parts, slots }: Template): string {
    let text = parts[0]!;
    slots.forEach(
      (slot, i) => (text += attach(slot.proclitic, this.name(slot.kind)) + parts[i + 1]),
    );
    return text;
  }
}

const withoutEnd = (text: string) => text.replace(/[.!؟?]$/, "");

/** One sentence: a seed sentence whole, or an opening clause and one or two others. */
function sentence(random: Random, templates: Templates, fill: Filler): string {
  if (random() < 0.55) return fill.render(pick(random, templates.sentences));
  const clauses = [pick(random, templates.openingClauses)];
  for (let n = 1 + intBelow(random, 2); n > 0; n--)
    clauses.push(pick(random, templates.followingClauses));
  return `${clauses.map((c) => withoutEnd(fill.render(c))).join("، ")}.`;
}

/** Paragraphs until about `target` words: stops where the total is nearest the target. */
function body(random: Random, templates: Templates, fill: Filler, target: number): string[] {
  const paragraphs: string[] = [];
  let words = 0;
  while (words < target) {
    let paragraph = sentence(random, templates, fill);
    if (random() < 0.3) paragraph += ` ${sentence(random, templates, fill)}`;
    const count = countWords([paragraph]);
    if (words >= target / 2 && words + count - target > target - words) break;
    paragraphs.push(paragraph);
    words += count;
  }
  return paragraphs;
}

/** A teaser as the seed's are: about 47 words, cut off mid-sentence. */
function teaserText(random: Random, templates: Templates, fill: Filler): string {
  const cut = 40 + intBelow(random, 16);
  const words: string[] = [];
  while (words.length <= cut) words.push(...sentence(random, templates, fill).split(/\s+/));
  return words.slice(0, cut).join(" ");
}

/**
 * A headline: a seed headline, a short clause, "Place.. clause" or "Person: clause" as the seed
 * writes them; `long` joins two clauses, for when the short forms are all taken.
 */
function headline(random: Random, templates: Templates, fill: Filler, long: boolean): string {
  const roll = random();
  if (roll < 0.3 && !long) return fill.render(pick(random, templates.headlines));
  let clause = fill.render(pick(random, templates.headlineClauses));
  if (long) clause += `، ${fill.render(pick(random, templates.headlineClauses))}`;
  if (roll < 0.75 && fill.has("PLACE")) return `${fill.name("PLACE", false)}.. ${clause}`;
  if (roll >= 0.75 && fill.has("person")) return `${fill.name("person", false)}: ${clause}`;
  return clause;
}

/** A headline no article has yet (ids are hashes of the headline's words). */
function newHeadline(random: Random, templates: Templates, fill: Filler, ids: ReadonlySet<string>) {
  for (let tries = 0; ; tries++) {
    const title = headline(random, templates, fill, tries >= 10);
    if (!ids.has(storyId(title))) return title;
  }
}

/** Where each article sits in time and what it is about. */
function plans(
  n: number,
  days: number,
  entities: { people: number; topics: number },
  random: Random,
) {
  const people = new Zipf(entities.people, 1);
  const topics = new Zipf(entities.topics, 1);
  const storylines: Storyline[] = Array.from(
    { length: Math.max(1, Math.round(n / ARTICLES_PER_STORYLINE)) },
    () => {
      const core = { day: intBelow(random, days), people: [] as number[], topics: [] as number[] };
      topics.drawDistinct(random, 1 + intBelow(random, 3), core.topics);
      if (random() < 0.7) people.drawDistinct(random, 1, core.people);
      return core;
    },
  );
  const storylineOf = new Zipf(storylines.length, 0.6);
  return Array.from({ length: n }, (): Plan => {
    const teaser = random() < TEASER_SHARE;
    if (random() < STORYLINE_SHARE) {
      const storyline = storylineOf.draw(random);
      const line = storylines[storyline]!;
      // Around the storyline's day; one that falls outside the range is folded back into it.
      const day = Math.abs(Math.round(line.day + gaussian(random) * 12));
      const plan: Plan = {
        day: day < days ? day : 2 * (days - 1) - day,
        storyline,
        people: [...line.people],
        topics: [...line.topics],
        teaser,
      };
      topics.drawDistinct(random, 1 + intBelow(random, 3), plan.topics);
      people.drawDistinct(random, random() < 0.4 ? 1 : 0, plan.people);
      return plan;
    }
    const plan: Plan = {
      day: intBelow(random, days),
      storyline: undefined,
      people: [],
      topics: [],
      teaser,
    };
    topics.drawDistinct(random, 2 + intBelow(random, 4), plan.topics);
    people.drawDistinct(random, [0, 1, 1, 2, 2, 3][intBelow(random, 6)]!, plan.people);
    return plan;
  });
}

/**
 * Editorial read-more boxes of 2–4 stories published the same day or before: storyline siblings
 * first, then stories of the days just before. `idAt` gives an article's id by its index.
 */
function editorialLinks(
  idAt: (index: number) => string,
  planned: readonly Plan[],
  offset: number,
  random: Random,
): EditorialLinkRecord[] {
  const byDay = new Map<number, number[]>();
  const byStoryline = new Map<number, number[]>();
  const add = (groups: Map<number, number[]>, key: number, i: number) => {
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  };
  planned.forEach((plan, i) => {
    add(byDay, plan.day, i);
    if (plan.storyline !== undefined) add(byStoryline, plan.storyline, i);
  });
  const links: EditorialLinkRecord[] = [];
  planned.forEach((plan, i) => {
    if (plan.teaser || random() >= EDITORIAL_SHARE) return;
    const size = 2 + intBelow(random, 3);
    const chosen: number[] = [];
    const offer = (j: number) => {
      if (j !== i && planned[j]!.day <= plan.day && !chosen.includes(j) && chosen.length < size)
        chosen.push(j);
    };
    const siblings = plan.storyline === undefined ? [] : byStoryline.get(plan.storyline)!;
    for (let n = siblings.length > 0 ? intBelow(random, 3) : 0; n > 0; n--)
      offer(pick(random, siblings));
    for (let tries = 0; chosen.length < size && tries < 60; tries++) {
      const sameDay = byDay.get(plan.day - intBelow(random, 4 + tries * 2));
      if (sameDay) offer(pick(random, sameDay));
    }
    if (chosen.length < 2) return;
    chosen.forEach((j, position) =>
      links.push({ fromId: idAt(offset + i), toId: idAt(offset + j), position }),
    );
  });
  return links;
}

/** The seed page's stories and read-more box, as the ingest stores them. */
function seedStories({ page }: Seed, link: Linker) {
  const main = fullArticle(page, SEED_PAGE_DAY, link);
  const teasers = page.readMore.map((teaser) => teaserArticle(teaser, SEED_PAGE_DAY, link));
  const links = teasers.map((t, position) => ({ fromId: main.id, toId: t.id, position }));
  return { articles: [main, ...teasers], links };
}

/** The ids and slugs of the articles made so far: a new one must clash with neither. */
export interface Taken {
  ids: ReadonlySet<string>;
  slugs: ReadonlyMap<string, string>;
}

/**
 * A corpus to be made one article at a time, so a caller can write it as it goes and never hold
 * it whole: everything but the articles' text is planned up front (cheap, and the same on every
 * run, so a resumed run plans again rather than storing the plan).
 */
export interface CorpusSource {
  /** How many articles, the seed page's five first. */
  size: number;
  topics: TopicRecord[];
  people: PersonRecord[];
  /**
   * The article at `index` (0 to size - 1): the same for the same index whatever was made before,
   * as each index draws from its own random stream, except that its headline and slug step aside
   * for those `taken` already.
   */
  article(index: number, taken: Taken): ArticleRecord;
  /** The read-more boxes, once every article is made, given each one's id by index. */
  editorialLinks(idAt: (index: number) => string): EditorialLinkRecord[];
}

/** Article `i` draws from stream ARTICLE_STREAMS + i; streams below are the plan's. */
const ARTICLE_STREAMS = 16;

/** The corpus of `options`, ready to be made article by article. */
export function corpusSource(options: CorpusOptions, seed: Seed = loadSeed()): CorpusSource {
  const n = options.articles;
  const seedNumber = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(n) || n < MIN_ARTICLES) {
    throw new RangeError(`articles must be a whole number of at least ${MIN_ARTICLES}`);
  }
  if (!Number.isInteger(seedNumber) || seedNumber < 0 || seedNumber > 0xffffffff) {
    throw new RangeError("seed must be a whole number from 0 to 4294967295");
  }
  const seedLinker = createLinker(seed.taxonomy);
  const fromSeed = seedStories(seed, seedLinker);
  const entities = rankedEntities(seed, fromSeed.articles, n, stream(seedNumber, 1));
  const link = createLinker(entities);
  const templates = buildTemplates(seed);
  const mainWords = countWords(seed.page.body);
  const offset = fromSeed.articles.length;

  const first = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  const days = (Date.parse(`${LAST_DAY}T00:00:00Z`) - first) / DAY_MS + 1;
  const planned = plans(
    n - offset,
    days,
    { people: entities.people.length, topics: entities.topics.length },
    stream(seedNumber, 2),
  );

  function written(plan: Plan, random: Random, ids: ReadonlySet<string>): ArticleRecord {
    const fill = new Filler(
      random,
      plan.people.map((r) => entities.people[r]!),
      plan.topics.map((r) => entities.topics[r]!),
    );
    const title = newHeadline(random, templates, fill, ids);
    const publishedAt = formatDay(new Date(first + plan.day * DAY_MS));
    const target = Math.round(
      mainWords * Math.exp(LENGTH_SIGMA * gaussian(random) - LENGTH_SIGMA ** 2 / 2),
    );
    const paragraphs = plan.teaser
      ? []
      : body(random, templates, fill, Math.max(40, Math.min(mainWords * 4, target)));
    const summary = plan.teaser ? teaserText(random, templates, fill) : paragraphs[0]!;
    const text = plan.teaser ? [summary] : paragraphs;
    return {
      id: storyId(title),
      slug: "",
      headline: title,
      summary,
      summaryTruncated: plan.teaser,
      body: paragraphs,
      language: "ar",
      publishedAt,
      updatedAt: publishedAt,
      wordCount: countWords(text),
      // Mentions as the ingest's linker finds them in the text, headline included.
      ...link([title, ...text]),
    };
  }

  return {
    size: n,
    ...referenceData(entities),
    article(index, taken) {
      const article =
        index < offset
          ? { ...fromSeed.articles[index]! }
          : written(
              planned[index - offset]!,
              stream(seedNumber, ARTICLE_STREAMS + index),
              taken.ids,
            );
      article.slug = uniqueSlug(article, (s) => taken.slugs.get(s));
      return article;
    },
    editorialLinks: (idAt) =>
      [...fromSeed.links, ...editorialLinks(idAt, planned, offset, stream(seedNumber, 4))].sort(
        (a, b) => compareStrings(a.fromId, b.fromId) || a.position - b.position,
      ),
  };
}

/**
 * A whole store of `articles` articles, the same bytes for the same options: the content, then
 * the related edges the ingest would compute for it.
 */
export function generateCorpus(options: CorpusOptions, seed: Seed = loadSeed()): StoreData {
  const data = generateContent(options, seed);
  return { ...data, relatedEdges: computeRelated(data.articles, data.editorialLinks) };
}

/** The corpus without its related edges (empty), so a caller can time computing them apart. */
export function generateContent(options: CorpusOptions, seed: Seed = loadSeed()): StoreData {
  const source = corpusSource(options, seed);
  const articles: ArticleRecord[] = [];
  const ids = new Set<string>();
  const slugs = new Map<string, string>();
  for (let index = 0; index < source.size; index++) {
    const article = source.article(index, { ids, slugs });
    ids.add(article.id);
    slugs.set(article.slug, article.id);
    articles.push(article);
  }
  const links = source.editorialLinks((index) => articles[index]!.id);
  articles.sort((a, b) => compareStrings(a.id, b.id));
  return {
    articles,
    topics: source.topics,
    people: source.people,
    editorialLinks: links,
    relatedEdges: [],
  };
}
