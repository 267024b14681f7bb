/**
 * The full-text index over articles (arrays built by index-build.ts), ranked with (BM25F ×
 * coverage × proximity + entity links) × recency. The entity part: a query naming a known person,
 * place or organisation in any of its forms (entity-names.ts) adds the link score of each story
 * linked to it (entity-links.ts), so a story found only through the link (a country named by its
 * adjective) is found too. A page of results costs about its size, not the number of matches:
 * each term's and entity's postings are also kept best first, and a search reads them in that
 * order only until no unread story could still make the page (Fagin's threshold algorithm).
 */
import type { ArticleRecord, Facets, Highlight, StoreData } from "../store/records.js";
import {
  matchesFilter,
  type ArticleFilter,
  type SearchRequest,
  type SearchResult,
} from "../store/store.js";
import { firstNotBefore } from "../sorted.js";
import { BODY, fieldOf, fieldTexts, PARAGRAPH_SPAN, paragraphOf } from "./article-fields.js";
import { Bm25f } from "./bm25f.js";
import { highlight, matchedWords } from "./highlight.js";
import { linkEntities, type EntityPostings } from "./entity-links.js";
import { EntityNames } from "./entity-names.js";
import { MentionTable } from "./facets.js";
import { replaceUnknownWords, Vocabulary } from "./did-you-mean.js";
import { IMPACT_ORDER_ERROR, type IndexArrays } from "./index-build.js";
import { words } from "./normalize.js";
import { parseQuery, queryTerms } from "./search-query.js";
import { Stemmer } from "./stem.js";
import type { TimeSlicer } from "./time-slice.js";
import { Typeahead } from "./typeahead.js";
import type { SuggestHit, SuggestRequest } from "../store/store.js";

/** Two query words side by side lift a story by this much; further apart, less. */
const PROXIMITY_WEIGHT = 0.3;
/**
 * Widens bounds by how far impact order may be from exact, and by rounding between a score
 * summed term by term and its bound summed another way.
 */
const BOUND_SLACK = (1 + IMPACT_ORDER_ERROR) * (1 + 1e-9);

/** A query's terms and where their postings are. Phrases and loose words index into `terms`. */
interface Plan {
  terms: string[];
  starts: Int32Array;
  ends: Int32Array;
  idfs: Float64Array;
  /** Each term's posting in the story being scored, or -1. */
  found: Int32Array;
  loose: number[];
  phrases: number[][];
  /** Terms every match holds: those of the phrases. */
  required: Set<number>;
  /** Postings of the entities the loose words name. */
  entities: EntityPostings[];
  /** The words of those entities' names and aliases as written, which highlights mark. */
  entityWords: Set<string>;
  filter: ArticleFilter;
}

/** Stories ranked best first: higher score, then lower story number (newer). */
class Ranking {
  readonly docs: number[] = [];
  readonly scores: number[] = [];

  constructor(readonly size: number) {}

  get full(): boolean {
    return this.docs.length >= this.size;
  }

  /** The score a story must beat to enter a full ranking (nothing enters one of size 0). */
  get lowest(): number {
    return this.scores[this.size - 1] ?? Infinity;
  }

  /** Takes the story if it ranks within `size`, dropping the one it pushes out. */
  offer(doc: number, score: number): void {
    const { docs, scores } = this;
    const ranksBelow = (i: number) => scores[i]! > score || (scores[i] === score && docs[i]! < doc);
    if (this.full && (this.size === 0 || ranksBelow(docs.length - 1))) return;
    const at = firstNotBefore(0, docs.length, ranksBelow);
    docs.splice(at, 0, doc);
    scores.splice(at, 0, score);
    if (docs.length > this.size) {
      docs.pop();
      scores.pop();
    }
  }
}

/** Where `doc` is in an entity's links, by binary search, or -1. */
function linkOf(links: EntityPostings, doc: number): number {
  const at = firstNotBefore(0, links.docs.length, (i) => links.docs[i]! < doc);
  return at < links.docs.length && links.docs[at] === doc ? at : -1;
}

const isUnfiltered = (filter: ArticleFilter) =>
  Object.values(filter).every((value) => value === undefined);

export class SearchIndex {
  /** Stories in index order (newest first). */
  private readonly stories: ArticleRecord[];
  private readonly stemmer: Stemmer;
  private readonly termIds: Map<string, number>;
  private readonly bm25f: Bm25f;
  private readonly names: EntityNames;
  /** Each entity's linked stories, in `names.entities` order. */
  private readonly links: EntityPostings[];
  private readonly typeahead: Typeahead;
  private readonly mentions: MentionTable;
  /** Built by the first query that finds nothing (didYouMean). */
  private knownWords: Vocabulary | undefined;
  /**
   * Marks the stories one pass of a search has met, with that pass's stamp: a search runs start
   * to end without yielding, so searches never share it, and nothing needs clearing.
   */
  private readonly seen: Uint32Array;
  private stamp = 0;

  private constructor(
    private readonly arrays: IndexArrays,
    lookups: {
      stories: ArticleRecord[];
      stemmer: Stemmer;
      termIds: Map<string, number>;
      bm25f: Bm25f;
      names: EntityNames;
      links: EntityPostings[];
      typeahead: Typeahead;
      mentions: MentionTable;
    },
  ) {
    ({
      stories: this.stories,
      stemmer: this.stemmer,
      termIds: this.termIds,
      bm25f: this.bm25f,
      names: this.names,
      links: this.links,
      typeahead: this.typeahead,
      mentions: this.mentions,
    } = lookups);
    this.seen = new Uint32Array(this.stories.length);
  }

  /**
   * The index over a store's articles (as the store holds them) from its arrays, with its people
   * and topics for entity-aware matching. Its lookups are built in time slices: a real archive's
   * vocabulary runs to hundreds of thousands of words. `names` are kept whole by stemming.
   */
  static async open(
    { articles, people, topics }: Pick<StoreData, "articles" | "people" | "topics">,
    names: Iterable<string>,
    arrays: IndexArrays,
    slicer: TimeSlicer,
  ): Promise<SearchIndex> {
    const stems = new Set<string>();
    for (const stem of arrays.stems) {
      stems.add(stem);
      await slicer.pause();
    }
    const termIds = new Map<string, number>();
    for (const [id, term] of arrays.terms.entries()) {
      termIds.set(term, id);
      await slicer.pause();
    }
    const stories = Array.from(arrays.order, (i) => articles[i]!);
    const bm25f = new Bm25f(
      arrays.fieldLengths,
      stories.map((story) => story.publishedAt),
    );
    const entityNames = new EntityNames(people, topics, (word) => termIds.has(word));
    const links = await linkEntities(stories, entityNames, bm25f, slicer);
    return new SearchIndex(arrays, {
      stories,
      stemmer: new Stemmer(names, stems),
      termIds,
      bm25f,
      names: entityNames,
      links,
      typeahead: await Typeahead.build(stories, people, topics, slicer),
      mentions: await MentionTable.build(stories, slicer),
    });
  }

  /** The requested page, found by reading postings best first only as far as it needs. */
  search(request: SearchRequest): SearchResult {
    return this.answer(request, (plan, size) => this.rankTop(plan, size));
  }

  /** People, topics and stories whose name or headline starts with a prefix (typeahead.ts). */
  suggest(request: SuggestRequest): SuggestHit[] {
    return this.typeahead.suggest(request);
  }

  /**
   * The same answer by scoring every match: slower, and the reference the threshold algorithm
   * must agree with exactly.
   */
  searchExhaustively(request: SearchRequest): SearchResult {
    return this.answer(request, (plan, size) => this.rankAll(plan, size));
  }

  private answer(
    { text, filter, offset, limit, facets }: SearchRequest,
    rank: (plan: Plan, size: number) => Ranking,
  ): SearchResult {
    const plan = this.plan(text, filter);
    if (!plan) return { hits: [], totalCount: 0, totalCountExact: true, suggestion: null };
    const ranking = rank(plan, offset + limit);
    const hits = ranking.docs.slice(offset).map((doc, i) => ({
      article: this.stories[doc]!,
      score: Math.round(ranking.scores[offset + i]! * 10_000) / 10_000,
      highlights: this.highlights(plan, doc),
    }));
    const totalCount = this.count(plan);
    return {
      hits,
      totalCount,
      totalCountExact: true,
      suggestion: totalCount === 0 ? this.didYouMean(text, filter) : null,
      ...(facets && { facets: this.facets(plan) }),
    };
  }

  /** The topics and people of every match, counted as facets.ts says. */
  private facets(plan: Plan): Facets {
    return this.mentions.facets((visit) => this.forEachMatch(plan, visit));
  }

  /**
   * The query with each word the index does not know (and no entity name covers) replaced by the
   * closest known word, when that finds something; null otherwise.
   */
  private didYouMean(text: string, filter: ArticleFilter): string | null {
    const isIndexed = (word: string) => this.termIds.has(this.stemmer.stem(word));
    const suggestion = replaceUnknownWords(text, this.names, isIndexed, () => this.vocabulary());
    if (suggestion === undefined) return null;
    const plan = this.plan(suggestion, filter);
    return plan && this.count(plan) > 0 ? suggestion : null;
  }

  /** The index's terms and the entities' name words, built on the first query that needs it. */
  private vocabulary(): Vocabulary {
    this.knownWords ??= new Vocabulary([
      ...Array.from(this.termIds, ([word, id]) => ({
        word,
        stories: this.arrays.termStarts[id + 1]! - this.arrays.termStarts[id]!,
      })),
      ...this.names.entities.flatMap((_, entity) =>
        this.names
          .wordsOf(entity)
          .map((word) => ({ word, stories: this.links[entity]!.docs.length })),
      ),
    ]);
    return this.knownWords;
  }

  private plan(text: string, filter: ArticleFilter): Plan | undefined {
    const query = queryTerms(text, (word) => this.stemmer.stem(word));
    if (!query) return undefined;
    const { terms } = query;
    const named = [...new Set(this.names.find(words(parseQuery(text).loose)).map((m) => m.entity))];
    const { termStarts } = this.arrays;
    const ids = terms.map((term) => this.termIds.get(term));
    const starts = Int32Array.from(ids, (id) => (id === undefined ? 0 : termStarts[id]!));
    const ends = Int32Array.from(ids, (id) => (id === undefined ? 0 : termStarts[id + 1]!));
    const phraseTerms = query.phrases.map((phrase) => phrase.map((term) => terms.indexOf(term)));
    return {
      terms,
      starts,
      ends,
      idfs: Float64Array.from(terms, (_, t) => this.bm25f.idf(ends[t]! - starts[t]!)),
      found: new Int32Array(terms.length),
      loose: query.loose.map((term) => terms.indexOf(term)),
      phrases: phraseTerms,
      required: new Set(phraseTerms.flat()),
      entities: named.map((entity) => this.links[entity]!),
      entityWords: new Set(named.flatMap((entity) => this.names.wordsOf(entity))),
      filter: isUnfiltered(filter) ? {} : filter,
    };
  }

  /**
   * Fagin's threshold algorithm: reads every term's postings best first, a row at a time,
   * scoring each new story in full. A story not met yet adds at most each list's next impact
   * for the terms it holds, so once the page's lowest score beats that bound, nothing unread can
   * enter it.
   */
  private rankTop(plan: Plan, size: number): Ranking {
    const { byImpact, docs } = this.arrays;
    const ranking = new Ranking(size);
    const cursors = plan.starts.slice();
    const linkCursors = new Int32Array(plan.entities.length);
    const stamp = this.nextStamp();
    for (let reading = true; reading;) {
      reading = false;
      for (let t = 0; t < cursors.length; t++) {
        if (cursors[t]! >= plan.ends[t]!) continue;
        reading = true;
        this.consider(plan, docs[byImpact[cursors[t]!++]!]!, stamp, ranking);
      }
      plan.entities.forEach((links, e) => {
        if (linkCursors[e]! >= links.docs.length) return;
        reading = true;
        this.consider(plan, links.docs[links.byImpact[linkCursors[e]!++]!]!, stamp, ranking);
      });
      const bound = this.bound(plan, cursors, linkCursors);
      if (bound < 0 || (ranking.full && ranking.lowest > bound)) break;
    }
    return ranking;
  }

  /** Scores every story that holds a query term or is linked to a named entity. */
  private rankAll(plan: Plan, size: number): Ranking {
    const ranking = new Ranking(size);
    const stamp = this.nextStamp();
    this.forEachMatchCandidate(plan, (doc) => this.consider(plan, doc, stamp, ranking));
    return ranking;
  }

  /** Every story in a term's postings or an entity's links, as often as it is in them. */
  private forEachMatchCandidate(plan: Plan, visit: (doc: number) => void): void {
    plan.starts.forEach((start, t) => {
      for (let p = start; p < plan.ends[t]!; p++) visit(this.arrays.docs[p]!);
    });
    for (const links of plan.entities) links.docs.forEach(visit);
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private consider(plan: Plan, doc: number, stamp: number, ranking: Ranking): void {
    if (this.seen[doc] === stamp) return;
    this.seen[doc] = stamp;
    if (!this.passes(doc, plan.filter)) return;
    const score = this.score(plan, doc);
    if (score > 0) ranking.offer(doc, score);
  }

  /**
   * The most a story not met yet can score: it holds some of the terms (every phrase term among
   * them), each adding at most its list's next impact, times coverage and the best proximity;
   * plus at most each named entity's next link impact. -1 when no such story can match at all.
   */
  private bound(plan: Plan, cursors: Int32Array, linkCursors: Int32Array): number {
    const impacts: number[] = [];
    let required = 0;
    for (let t = 0; t < cursors.length; t++) {
      const exhausted = cursors[t]! >= plan.ends[t]!;
      if (exhausted && plan.required.has(t)) return -1;
      const next = exhausted ? 0 : this.impactAt(plan, t, this.arrays.byImpact[cursors[t]!]!);
      if (plan.required.has(t)) required += next;
      else if (next > 0) impacts.push(next);
    }
    impacts.sort((a, b) => b - a);
    const nearest = plan.loose.length > 1 ? 1 + PROXIMITY_WEIGHT : 1;
    const boundHolding = (held: number, sum: number) =>
      sum * (held / plan.terms.length) * (held > 1 ? nearest : 1);
    // Holding the required terms and the `extra` likeliest others, for each count of others.
    let sum = required;
    let best = plan.required.size > 0 ? boundHolding(plan.required.size, sum) : 0;
    impacts.forEach((impact, extra) => {
      sum += impact;
      best = Math.max(best, boundHolding(plan.required.size + extra + 1, sum));
    });
    plan.entities.forEach((links, e) => {
      if (linkCursors[e]! >= links.docs.length) return;
      const at = links.byImpact[linkCursors[e]!]!;
      best += links.scores[at]! * this.bm25f.recency[links.docs[at]!]!;
    });
    return best * BOUND_SLACK;
  }

  private impactAt(plan: Plan, t: number, posting: number): number {
    const { docs, positions, positionStarts } = this.arrays;
    const doc = docs[posting]!;
    const [start, end] = [positionStarts[posting]!, positionStarts[posting + 1]!];
    return this.bm25f.impact(plan.idfs[t]!, doc, positions, start, end);
  }

  /**
   * A story's score, or 0 when it misses a phrase. Sums terms in query order, then entities in
   * theirs, as always.
   */
  private score(plan: Plan, doc: number): number {
    const { positions, positionStarts } = this.arrays;
    let sum = 0;
    let held = 0;
    for (let t = 0; t < plan.terms.length; t++) {
      const posting = this.find(plan, t, doc);
      plan.found[t] = posting;
      if (posting < 0) continue;
      held++;
      const [start, end] = [positionStarts[posting]!, positionStarts[posting + 1]!];
      sum += this.bm25f.termScore(plan.idfs[t]!, doc, positions, start, end);
    }
    if (!this.holdsPhrases(plan)) return 0;
    const text =
      held === 0 ? 0 : sum * (held / plan.terms.length) * (held > 1 ? this.proximity(plan) : 1);
    return (text + this.linkScore(plan, doc)) * this.bm25f.recency[doc]!;
  }

  /** The sum of the link scores of the named entities `doc` is linked to. */
  private linkScore(plan: Plan, doc: number): number {
    let sum = 0;
    for (const links of plan.entities) {
      const at = linkOf(links, doc);
      if (at >= 0) sum += links.scores[at]!;
    }
    return sum;
  }

  /** The posting of term t for `doc`, by binary search, or -1. */
  private find(plan: Plan, t: number, doc: number): number {
    const { docs } = this.arrays;
    const end = plan.ends[t]!;
    const at = firstNotBefore(plan.starts[t]!, end, (i) => docs[i]! < doc);
    return at < end && docs[at] === doc ? at : -1;
  }

  /** Whether every phrase stands in the story, its terms' postings being in `plan.found`. */
  private holdsPhrases({ phrases, found }: Plan): boolean {
    return phrases.every((phrase) => this.holdsPhrase(phrase, found));
  }

  private holdsPhrase(phrase: readonly number[], found: Int32Array): boolean {
    if (phrase.some((t) => found[t]! < 0)) return false;
    const { positions, positionStarts } = this.arrays;
    const first = found[phrase[0]!]!;
    for (let p = positionStarts[first]!; p < positionStarts[first + 1]!; p++) {
      let next = 1;
      while (
        next < phrase.length &&
        this.holdsPosition(found[phrase[next]!]!, positions[p]! + next)
      ) {
        next++;
      }
      if (next === phrase.length) return true;
    }
    return false;
  }

  private holdsPosition(posting: number, position: number): boolean {
    const { positions, positionStarts } = this.arrays;
    const end = positionStarts[posting + 1]!;
    const at = firstNotBefore(positionStarts[posting]!, end, (i) => positions[i]! < position);
    return at < end && positions[at] === position;
  }

  /** 1 + PROXIMITY_WEIGHT / gap for the closest two different loose words in one paragraph. */
  private proximity(plan: Plan): number {
    const postings = plan.loose.map((t) => plan.found[t] ?? -1);
    let gap = Infinity;
    for (let i = 0; i < postings.length; i++) {
      for (let j = i + 1; j < postings.length; j++) {
        gap = Math.min(gap, this.closest(postings[i]!, postings[j]!));
      }
    }
    return gap < PARAGRAPH_SPAN ? 1 + PROXIMITY_WEIGHT / gap : 1;
  }

  /** Smallest distance between two postings' positions, in one pass. */
  private closest(a: number, b: number): number {
    if (a < 0 || b < 0) return Infinity;
    const { positions, positionStarts } = this.arrays;
    let best = Infinity;
    const [aEnd, bEnd] = [positionStarts[a + 1]!, positionStarts[b + 1]!];
    for (let i = positionStarts[a]!, j = positionStarts[b]!; i < aEnd && j < bEnd;) {
      const x = positions[i]!;
      const y = positions[j]!;
      best = Math.min(best, Math.abs(x - y));
      if (x < y) i++;
      else j++;
    }
    return best;
  }

  /** How many stories match: counted without scoring, and without reading at all for one term. */
  private count(plan: Plan): number {
    const lists = [...plan.terms.keys()].filter((t) => plan.ends[t]! > plan.starts[t]!);
    const simple = plan.phrases.length === 0 && plan.entities.length === 0;
    if (simple && lists.length === 1 && isUnfiltered(plan.filter)) {
      return plan.ends[lists[0]!]! - plan.starts[lists[0]!]!;
    }
    let count = 0;
    this.forEachMatch(plan, () => count++);
    return count;
  }

  /** Visits every matching story once, without scoring. */
  private forEachMatch(plan: Plan, visit: (doc: number) => void): void {
    if (plan.phrases.length > 0) return this.forEachPhraseMatch(plan, visit);
    const stamp = this.nextStamp();
    this.forEachMatchCandidate(plan, (doc) => {
      if (this.seen[doc] === stamp) return;
      this.seen[doc] = stamp;
      if (this.passes(doc, plan.filter)) visit(doc);
    });
  }

  /**
   * Stories holding every phrase: walks the phrase terms' postings side by side in story order
   * (each cursor only moves forward), checking positions only where all the terms meet.
   */
  private forEachPhraseMatch(plan: Plan, visit: (doc: number) => void): void {
    const { docs } = this.arrays;
    const required = [...plan.required];
    const cursors = Int32Array.from(required, (t) => plan.starts[t]!);
    const length = (t: number) => plan.ends[t]! - plan.starts[t]!;
    const rarest = required.reduce((a, b) => (length(b) < length(a) ? b : a));
    for (let p = plan.starts[rarest]!; p < plan.ends[rarest]!; p++) {
      const doc = docs[p]!;
      let all = true;
      for (let i = 0; all && i < required.length; i++) {
        const [t, end] = [required[i]!, plan.ends[required[i]!]!];
        while (cursors[i]! < end && docs[cursors[i]!]! < doc) cursors[i]!++;
        plan.found[t] = cursors[i]!;
        all = cursors[i]! < end && docs[cursors[i]!] === doc;
      }
      if (all && this.passes(doc, plan.filter) && this.holdsPhrases(plan)) visit(doc);
    }
  }

  private passes(doc: number, filter: ArticleFilter): boolean {
    return matchesFilter(this.stories[doc]!, filter);
  }

  /**
   * The headline and summary if they match, and the body paragraph with the most matches
   * (the first of equals), found from the postings, so only those texts are tokenised again.
   */
  private highlights(plan: Plan, doc: number): Highlight[] {
    const { positions, positionStarts } = this.arrays;
    // A story linked to a named entity may name it in its headline or summary in another form.
    const linked = plan.entities.some((links) => linkOf(links, doc) >= 0);
    const fieldsMatched = [linked, linked];
    const perParagraph = new Map<number, number>();
    for (let t = 0; t < plan.terms.length; t++) {
      const posting = this.find(plan, t, doc);
      if (posting < 0) continue;
      for (let p = positionStarts[posting]!; p < positionStarts[posting + 1]!; p++) {
        const field = fieldOf(positions[p]!);
        const paragraph = paragraphOf(positions[p]!);
        if (field < BODY) fieldsMatched[field] = true;
        else perParagraph.set(paragraph, (perParagraph.get(paragraph) ?? 0) + 1);
      }
    }
    let best: number | undefined;
    for (const [paragraph, count] of perParagraph) {
      const bestCount = best === undefined ? 0 : perParagraph.get(best)!;
      if (count > bestCount || (count === bestCount && paragraph < best!)) best = paragraph;
    }
    const stem = (word: string) => this.stemmer.stem(word);
    const matches = matchedWords(new Set(plan.terms), stem, plan.entityWords);
    return fieldTexts(this.stories[doc]!)
      .filter(({ field, paragraph }) => (field < BODY ? fieldsMatched[field] : paragraph === best))
      .flatMap((text) => highlight(text, matches) ?? []);
  }
}
