import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  RelatedEdgeRecord,
  StoreData,
  TopicRecord,
} from "../records.js";
import { merged, mergedLists } from "../changes.js";
import { groupBy } from "../group.js";
import { compareStrings, type StoreChanges } from "../store.js";
import { decodeRelatedLine, encodeRelatedLine } from "./related-line.js";

/**
 * The store as held in memory: StoreData, except that each article's related edges stay the one
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
  ) {}

  static empty(): StoreContents {
    return new StoreContents([], [], [], [], new Map());
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
