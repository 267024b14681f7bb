/**
 * Ingestion: pages in, store out. Each page adds or upgrades its articles and the editorial
 * links of its read-more box; then mentions, reference data and related edges are rebuilt, and
 * what differs from the store (the stories added or upgraded, the boxes and related edges that
 * changed) is written in one write, or nothing when nothing changed.
 */

import { isDeepStrictEqual } from "node:util";
import { changesBetween } from "../store/changes.js";
import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  StoreData,
  TopicRecord,
} from "../store/records.js";
import { compareStrings, type WritableStore } from "../store/store.js";
import { fullArticle, teaserArticle, uniqueSlug } from "./article.js";
import { parseDay } from "./dates.js";
import { createLinker, type Linker } from "./link.js";
import { parsePage } from "./parse.js";
import { computeRelated } from "./related.js";
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

/** The store's articles and links while pages are applied to them. */
class Working {
  readonly articles: Map<string, ArticleRecord>;
  readonly slugs: Map<string, string>;
  readonly links: Map<string, EditorialLinkRecord[]>;

  constructor(data: StoreData) {
    this.articles = new Map(data.articles.map((a) => [a.id, a]));
    this.slugs = new Map(data.articles.map((a) => [a.slug, a.id]));
    this.links = new Map();
    for (const link of data.editorialLinks) {
      const links = this.links.get(link.fromId);
      if (links) links.push(link);
      else this.links.set(link.fromId, [link]);
    }
  }

  /**
   * Puts a page's own story in: new, or an upgrade of a teaser (same id and slug, body filled),
   * or a newer version of a full story.
   */
  putFull(article: ArticleRecord): ArticleOutcome {
    const known = this.articles.get(article.id);
    if (!known) return this.add(article);
    const next = { ...article, slug: known.slug };
    if (isDeepStrictEqual(next, known)) return "unchanged";
    this.articles.set(article.id, next);
    return known.body.length === 0 ? "upgraded" : "updated";
  }

  /** Puts a teaser in unless the story is known: a full story is never downgraded to a teaser. */
  putTeaser(article: ArticleRecord): ArticleOutcome {
    return this.articles.has(article.id) ? "unchanged" : this.add(article);
  }

  /** The page's read-more box becomes its story's editorial links, in the box's order. */
  setLinks(fromId: string, toIds: readonly string[]): void {
    const targets = [...new Set(toIds)].filter((toId) => toId !== fromId);
    this.links.set(
      fromId,
      targets.map((toId, position) => ({ fromId, toId, position })),
    );
  }

  private add(article: ArticleRecord): ArticleOutcome {
    const slug = uniqueSlug(article, (s) => this.slugs.get(s));
    this.slugs.set(slug, article.id);
    this.articles.set(article.id, { ...article, slug });
    return "added";
  }
}

/** Applies one page; throws (having changed nothing) when the page cannot be read. */
function applyPage(
  working: Working,
  page: PageInput,
  link: Linker,
): Record<ArticleOutcome, number> {
  parseDay(page.date);
  const parsed = parsePage(page.text);
  const story = fullArticle(parsed, page.date, link);
  const teasers = parsed.readMore.map((teaser) => teaserArticle(teaser, page.date, link));
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

/** The whole store in its one deterministic order: everything by id, links by box position. */
function dataOf(working: Working, taxonomy: Taxonomy): StoreData {
  const articles = [...working.articles.values()].sort((a, b) => compareStrings(a.id, b.id));
  const editorialLinks = [...working.links.values()]
    .flat()
    .sort((a, b) => compareStrings(a.fromId, b.fromId) || a.position - b.position);
  return {
    articles,
    ...referenceData(taxonomy),
    editorialLinks,
    relatedEdges: computeRelated(articles, editorialLinks),
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
  summary.written = await store.write(async (before) => {
    const working = new Working(before);
    for await (const page of pages) {
      const name = page.path ?? `page ${summary.pagesRead + 1}`;
      summary.pagesRead++;
      const result: PageResult = { page: name, articles: noOutcomes() };
      try {
        result.articles = applyPage(working, page, link);
        for (const [outcome, count] of Object.entries(result.articles)) {
          summary[outcome as ArticleOutcome] += count;
        }
      } catch (error) {
        result.refused = error instanceof Error ? error.message : String(error);
        summary.refused.push({ page: name, reason: result.refused });
      }
      options.onPage?.(result);
    }
    return changesBetween(before, dataOf(working, taxonomy));
  });
  return summary;
}
