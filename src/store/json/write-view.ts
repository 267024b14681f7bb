import type { ArticleRecord, EditorialLinkRecord, RelatedNode } from "../records.js";
import { firstNotBefore } from "../../sorted.js";
import {
  compareArticleKeys,
  relatedFloorOf,
  relatedNodeOf,
  type ArticleKey,
  type MentionCounts,
  type PostingRequest,
  type PostingSides,
  type Store,
  type WriteView,
} from "../store.js";
import type { StoreContents } from "./contents.js";

/** What the view reads: the JSON store's loaded data and the lists its reads already keep. */
export interface WriteViewSource {
  data: StoreContents;
  articles: ReadonlyMap<string, ArticleRecord>;
  articlesByTopic: ReadonlyMap<string, readonly ArticleRecord[]>;
  articlesByPerson: ReadonlyMap<string, readonly ArticleRecord[]>;
}

const keyOf = ({ id, publishedAt }: ArticleRecord): ArticleKey => ({ id, publishedAt });

/**
 * The JSON store's writer view: its counts are the lengths of the per-entity lists the store
 * keeps sorted for its reads, kept up to date by the write that rebuilds them.
 */
export class JsonWriteView implements WriteView {
  constructor(
    private readonly reads: Pick<
      Store,
      "articlesByIds" | "articlesBySlugs" | "topicsByIds" | "peopleByIds" | "relatedEdges"
    >,
    private readonly source: WriteViewSource,
  ) {}

  articlesByIds(ids: readonly string[]) {
    return this.reads.articlesByIds(ids);
  }
  articlesBySlugs(slugs: readonly string[]) {
    return this.reads.articlesBySlugs(slugs);
  }
  topicsByIds(ids: readonly string[]) {
    return this.reads.topicsByIds(ids);
  }
  peopleByIds(ids: readonly string[]) {
    return this.reads.peopleByIds(ids);
  }
  relatedEdges(fromIds: readonly string[]) {
    return this.reads.relatedEdges(fromIds);
  }
  async relatedFloors(fromIds: readonly string[]) {
    return (await this.relatedEdges(fromIds)).map(relatedFloorOf);
  }

  async editorialLinks(fromIds: readonly string[]): Promise<EditorialLinkRecord[][]> {
    const wanted = new Set(fromIds);
    const links = this.source.data.editorialLinks.filter((link) => wanted.has(link.fromId));
    return fromIds.map((id) =>
      links.filter((link) => link.fromId === id).sort((x, y) => x.position - y.position),
    );
  }

  /** A related line names its targets as quoted ids: a substring test finds the lines to read. */
  async pointingAt(ids: readonly string[]): Promise<string[]> {
    const wanted = new Set(ids);
    const from = new Set(
      this.source.data.editorialLinks.filter((l) => wanted.has(l.toId)).map((l) => l.fromId),
    );
    for (const [fromId, line] of this.source.data.relatedLines) {
      if (ids.some((id) => line.includes(`"${id}"`))) {
        const edges = (await this.relatedEdges([fromId]))[0]!;
        if (edges.some((edge) => wanted.has(edge.toId))) from.add(fromId);
      }
    }
    return [...from];
  }

  private listOf(key: string): readonly ArticleRecord[] {
    const [kind, id] = [key.slice(0, 2), key.slice(2)];
    const lists = kind === "p:" ? this.source.articlesByPerson : this.source.articlesByTopic;
    return lists.get(id) ?? [];
  }

  async mentionCounts(keys: readonly string[]): Promise<MentionCounts> {
    return {
      articles: this.source.articles.size,
      df: keys.map((key) => this.listOf(key).length),
    };
  }

  async postings(requests: readonly PostingRequest[]): Promise<PostingSides[]> {
    return requests.map(({ key, around, limit }) => {
      const list = this.listOf(key);
      const at = firstNotBefore(0, list.length, (i) => compareArticleKeys(list[i]!, around) < 0);
      const from = list[at]?.id === around.id ? at + 1 : at;
      return {
        before: list
          .slice(Math.max(0, at - limit), at)
          .reverse()
          .map(keyOf),
        after: list.slice(from, from + limit).map(keyOf),
      };
    });
  }

  async relatedNodes(ids: readonly string[]): Promise<(RelatedNode | undefined)[]> {
    return ids.map((id) => {
      const article = this.source.articles.get(id);
      return article && relatedNodeOf(article);
    });
  }
}
