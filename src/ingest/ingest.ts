/**
 * Ingestion: pages in, store out. Each page adds or upgrades its articles and the editorial
 * links of its read-more box; then what differs from the store (the stories added or upgraded,
 * the boxes, reference data and the related edges these move) is written in one write, or nothing
 * when nothing changed. The write reads only what the pages name and their neighbourhood.
 */

import { isDeepStrictEqual } from "node:util";
import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  TopicRecord,
} from "../store/records.js";
import {
  compareStrings,
  type StoreChanges,
  type WritableStore,
  type WriteView,
} from "../store/store.js";
import { baseSlug, fullArticle, teaserArticle, uniqueSlug } from "./article.js";
import { parseDay } from "./dates.js";
import { createLinker, type Linker } from "./link.js";
import { parsePage } from "./parse.js";
import { relatedChanges } from "./related.js";
import { loadTaxonomy, type Taxonomy } from "./taxonomy.js";

export interface PageInput {
  /** Names the page in progress and errors; the text is what is ingested. */
  path?: string;
  text: string;
  /** The day the page was published, YYYY-MM-DD. */
  date: string;
}

/** What became of each article a page names. */
export type ArticleOutcome = "added" | "upgraded" | "updated" | "unchanged";

export interface PageResult {
  page: string;
  /** Why the page was refused; the page then changed nothing. */
  refused?: string;
  articles: Record<ArticleOutcome, number>;
}

export interface IngestSummary extends Record<ArticleOutcome, number> {
  pagesRead: number;
  refused: { page: string; reason: string }[];
  /** False when the store already held all of it: then nothing is written. */
  written: boolean;
}

export interface IngestOptions {
  taxonomy?: Taxonomy;
  onPage?: (result: PageResult) => void;
}

const noOutcomes = (): Record<ArticleOutcome, number> => ({
  added: 0,
  upgraded: 0,
  updated: 0,
  unchanged: 0,
});

/**
 * The articles and boxes a write's pages name, read from the store as they are first named, and
 * the versions the pages leave: only these are ever held, never the whole store.
 */
class Working {
  /** The stored version of each article named so far; undefined when the store lacks it. */
  readonly stored = new Map<string, ArticleRecord | undefined>();
  /** The articles the pages added or changed, as they will be stored. */
  readonly changed = new Map<string, ArticleRecord>();
  /** Who holds each slug looked up so far, the pages' new articles included. */
  private readonly slugs = new Map<string, string | undefined>();
  readonly boxes = new Map<string, EditorialLinkRecord[]>();

  constructor(private readonly view: WriteView) {}

  /** Reads what the store holds of these articles and of the slugs they would take. */
  async load(articles: readonly ArticleRecord[]): Promise<void> {
    const ids = [...new Set(articles.map((a) => a.id))].filter((id) => !this.stored.has(id));
    (await this.view.articlesByIds(ids)).forEach((article, i) => this.stored.set(ids[i]!, article));
    const slugs = [...new Set(articles.map(baseSlug))].filter((slug) => !this.slugs.has(slug));
    (await this.view.articlesBySlugs(slugs)).forEach((article, i) =>
      this.slugs.set(slugs[i]!, article?.id),
    );
  }

  private current(id: string): ArticleRecord | undefined {
    return this.changed.get(id) ?? this.stored.get(id);
  }

  /**
   * Puts a page's own story in: new, or an upgrade of a teaser (same id and slug, body filled),
   * or a newer version of a full story.
   */
  putFull(article: ArticleRecord): ArticleOutcome {
    const known = this.current(article.id);
    if (!known) return this.add(article);
    const next = { ...article, slug: known.slug };
    if (isDeepStrictEqual(next, known)) return "unchanged";
    this.changed.set(article.id, next);
    return known.body.length === 0 ? "upgraded" : "updated";
  }

  /** Puts a teaser in unless the story is known: a full story is never downgraded to a teaser. */
  putTeaser(article: ArticleRecord): ArticleOutcome {
    return this.current(article.id) ? "unchanged" : this.add(article);
  }

  /** The page's read-more box becomes its story's editorial links, in the box's order. */
  setLinks(fromId: string, toIds: readonly string[]): void {
    const targets = [...new Set(toIds)].filter((toId) => toId !== fromId);
    this.boxes.set(
      fromId,
      targets.map((toId, position) => ({ fromId, toId, position })),
    );
  }

  private add(article: ArticleRecord): ArticleOutcome {
    const slug = uniqueSlug(article, (s) => this.slugs.get(s));
    this.slugs.set(slug, article.id);
    this.changed.set(article.id, { ...article, slug });
    return "added";
  }
}

/** Applies one page; throws (having changed nothing) when the page cannot be read. */
async function applyPage(
  working: Working,
  page: PageInput,
  link: Linker,
): Promise<Record<ArticleOutcome, number>> {
  parseDay(page.date);
  const parsed = parsePage(page.text);
  const story = fullArticle(parsed, page.date, link);
  const teasers = parsed.readMore.map((teaser) => teaserArticle(teaser, page.date, link));
  await working.load([story, ...teasers]);
  const outcomes = noOutcomes();
  outcomes[working.putFull(story)]++;
  for (const teaser of teasers.filter((t) => t.id !== story.id))
    outcomes[working.putTeaser(teaser)]++;
  working.setLinks(
    story.id,
    teasers.map((t) => t.id),
  );
  return outcomes;
}

/** The taxonomy's people and topics as the store keeps them: the id is the slug, in id order. */
export const referenceData = (taxonomy: Taxonomy) => ({
  topics: taxonomy.topics
    .map(({ id, name, nameEn, kind, aliases, description }): TopicRecord => ({
      id,
      slug: id,
      name,
      nameEn,
      kind,
      aliases,
      description,
    }))
    .sort((a, b) => compareStrings(a.id, b.id)),
  people: taxonomy.people
    .map(({ id, name, nameEn, aliases, description }): PersonRecord => ({
      id,
      slug: id,
      name,
      nameEn,
      aliases,
      description,
    }))
    .sort((a, b) => compareStrings(a.id, b.id)),
});

/** The records of `wanted` that the store lacks or holds differently. */
const differing = <T>(wanted: readonly T[], stored: readonly (T | undefined)[]): T[] =>
  wanted.filter((record, i) => !isDeepStrictEqual(record, stored[i]));

/**
 * What the pages change: the stories they add or change, the boxes that differ from the stored
 * ones, the taxonomy's records the store lacks, and the related lists these move (computed from
 * the changed stories' neighbourhood, related.ts).
 */
async function changesOf(
  view: WriteView,
  working: Working,
  taxonomy: Taxonomy,
): Promise<StoreChanges> {
  const byId = <T extends { id: string }>(list: readonly T[]) => list.map((item) => item.id);
  const { topics, people } = referenceData(taxonomy);
  const articles = [...working.changed.values()].sort((a, b) => compareStrings(a.id, b.id));
  const boxIds = [...working.boxes.keys()].sort(compareStrings);
  const storedBoxes = await view.editorialLinks(boxIds);
  const boxes = boxIds
    .map((fromId) => ({ fromId, links: working.boxes.get(fromId)! }))
    .filter(({ links }, i) => !isDeepStrictEqual(links, storedBoxes[i]));
  const relatedEdges = await relatedChanges(view, {
    changed: articles,
    previous: articles.flatMap((a) => working.stored.get(a.id) ?? []),
    boxes: new Map(boxes.map(({ fromId, links }) => [fromId, links])),
  });
  return {
    articles,
    topics: differing(topics, await view.topicsByIds(byId(topics))),
    people: differing(people, await view.peopleByIds(byId(people))),
    editorialLinks: boxes,
    relatedEdges,
  };
}

/**
 * Ingests pages into a store. A page that cannot be read is refused and reported, the others
 * land; the store is written once at the end, and only what changed, so ingesting the same pages
 * again writes nothing (and leaves a store file byte for byte as it was). The pages are read
 * inside the store's write, so a concurrent ingest waits and then builds on this one's stories.
 */
export async function ingestPages(
  store: WritableStore,
  pages: Iterable<PageInput> | AsyncIterable<PageInput>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const taxonomy = options.taxonomy ?? (await loadTaxonomy());
  const link = createLinker(taxonomy);
  const summary: IngestSummary = { pagesRead: 0, ...noOutcomes(), refused: [], written: false };
  summary.written = await store.write(async (view) => {
    const working = new Working(view);
    for await (const page of pages) {
      const name = page.path ?? `page ${summary.pagesRead + 1}`;
      summary.pagesRead++;
      const result: PageResult = { page: name, articles: noOutcomes() };
      try {
        result.articles = await applyPage(working, page, link);
        for (const [outcome, count] of Object.entries(result.articles)) {
          summary[outcome as ArticleOutcome] += count;
        }
      } catch (error) {
        result.refused = error instanceof Error ? error.message : String(error);
        summary.refused.push({ page: name, reason: result.refused });
      }
      options.onPage?.(result);
    }
    return changesOf(view, working, taxonomy);
  });
  return summary;
}
