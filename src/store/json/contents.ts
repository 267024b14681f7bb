import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  RelatedEdgeRecord,
  StoreData,
  TopicRecord,
} from "../records.js";
import { merged, mergedLists, type LoggedChange } from "../changes.js";
import { groupBy } from "../group.js";
import { compareStrings, type ChangeEntry, type StoreChanges } from "../store.js";
import { decodeRelatedLine, encodeRelatedLine } from "./related-line.js";

/** The change-log entries a store file keeps: enough for a reconnecting subscriber, not history. */
export const CHANGES_KEPT = 1_000;

/**
 * The store as held in memory: StoreData, with the newest entries of its change log; except that each article's related edges stay the one
 * line of text the store file keeps them as (see related-line.ts), decoded when they are read.
 */
export class StoreContents implements StoreData {
  constructor(
    readonly articles: ArticleRecord[],
    readonly topics: TopicRecord[],
    readonly people: PersonRecord[],
    readonly editorialLinks: EditorialLinkRecord[],
    /** Article id → the line of its related edges, in the store's order (by article id). */
    readonly relatedLines: ReadonlyMap<string, string>,
    /** The last CHANGES_KEPT entries of the change log, oldest first. */
    readonly changes: readonly ChangeEntry[] = [],
  ) {}

  static empty(): StoreContents {
    return new StoreContents([], [], [], [], new Map());
  }

  /** The counter of the newest change written, 0 before the first. */
  get changeCounter(): number {
    return this.changes.at(-1)?.counter ?? 0;
  }

  /** These contents with `logged` numbered after `log`'s newest entry, and the oldest let go. */
  loggedAfter(log: readonly ChangeEntry[], logged: readonly LoggedChange[]): StoreContents {
    const last = log.at(-1)?.counter ?? 0;
    const entries = logged.map((entry, i) => ({ counter: last + i + 1, ...entry }));
    return new StoreContents(
      this.articles,
      this.topics,
      this.people,
      this.editorialLinks,
      this.relatedLines,
      [...log, ...entries].slice(-CHANGES_KEPT),
    );
  }

  /** The entries after `counter`; undefined when some of them have been let go. */
  changesSince(counter: number): ChangeEntry[] | undefined {
    const oldest = this.changes[0]?.counter ?? 1;
    if (counter < oldest - 1) return undefined;
    return this.changes.filter((entry) => entry.counter > counter);
  }

  /** The same data held as contents; edges must come grouped by article, as computeRelated gives them. */
  static of(data: StoreData): StoreContents {
    if (data instanceof StoreContents) return data;
    const groups = groupBy(data.relatedEdges, (edge) => [edge.fromId]);
    const lines = new Map([...groups].map(([id, edges]) => [id, encodeRelatedLine(edges)]));
    return new StoreContents(data.articles, data.topics, data.people, data.editorialLinks, lines);
  }

  /**
   * The contents with a write's changes applied: only the changed edge lists are encoded, the
   * others stay the lines they were.
   */
  withChanges(changes: StoreChanges): StoreContents {
    const lines = new Map(this.relatedLines);
    for (const { fromId, edges } of changes.relatedEdges) {
      if (edges.length === 0) lines.delete(fromId);
      else lines.set(fromId, encodeRelatedLine(edges));
    }
    return new StoreContents(
      merged(this.articles, changes.articles),
      merged(this.topics, changes.topics),
      merged(this.people, changes.people),
      mergedLists(
        this.editorialLinks,
        changes.editorialLinks.map(({ fromId, links }) => ({ fromId, items: links })),
      ),
      new Map([...lines].sort(([x], [y]) => compareStrings(x, y))),
    );
  }

  relatedOf(articleId: string): RelatedEdgeRecord[] {
    const line = this.relatedLines.get(articleId);
    return line === undefined ? [] : decodeRelatedLine(line);
  }

  /** Every edge, decoded anew on each call: for a writer's snapshot; reads go through relatedOf. */
  get relatedEdges(): RelatedEdgeRecord[] {
    return [...this.relatedLines.values()].flatMap(decodeRelatedLine);
  }
}
