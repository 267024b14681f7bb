/**
 * The PostgreSQL writer's view: each read one statement on the write's own transaction, over the
 * article-entity links (article_mentions, keyed by entity then date) and the kept entity counts.
 */
import type { EditorialLinkRecord, RelatedNode } from "../records.js";
import {
  compareArticleKeys,
  compareStrings,
  type ArticleKey,
  type MentionCounts,
  type PostingRequest,
  type PostingSides,
  type RelatedFloor,
  type WriteView,
} from "../store.js";
import { grouped, inOrder, Lookups } from "./lookups.js";
import { editorialLinkOf, type EditorialLinkRow } from "./rows.js";

const KINDS: Record<string, string> = { "p:": "person", "t:": "topic" };
const keyParts = (keys: readonly string[]) => ({
  kinds: keys.map((key) => KINDS[key.slice(0, 2)]!),
  ids: keys.map((key) => key.slice(2)),
});

interface PostingRow {
  n: number;
  side: "before" | "after";
  article_id: string;
  published_at: string;
}

export class PostgresWriteView extends Lookups implements WriteView {
  async editorialLinks(fromIds: readonly string[]): Promise<EditorialLinkRecord[][]> {
    const { rows } = await this.db.query<EditorialLinkRow>(
      "SELECT * FROM editorial_links WHERE from_id = ANY($1::text[]) ORDER BY from_id, position",
      [fromIds],
    );
    return grouped(fromIds, rows, (row) => row.from_id, editorialLinkOf);
  }

  /** Counted in the database: the lists themselves (reasons and all) never leave it. */
  async relatedFloors(fromIds: readonly string[]): Promise<RelatedFloor[]> {
    const { rows } = await this.db.query<RelatedFloor & { from_id: string }>(
      `SELECT from_id, count(*)::int AS computed, min(score) AS lowest FROM related_edges
       WHERE from_id = ANY($1::text[]) AND reasons->0->>'kind' IS DISTINCT FROM 'EDITORIAL'
       GROUP BY from_id`,
      [fromIds],
    );
    const floors = inOrder(
      fromIds,
      rows,
      (row) => row.from_id,
      ({ computed, lowest }) => ({
        computed,
        lowest,
      }),
    );
    return floors.map((floor) => floor ?? { computed: 0, lowest: Infinity });
  }

  async pointingAt(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ from_id: string }>(
      `SELECT from_id FROM editorial_links WHERE to_id = ANY($1::text[])
       UNION SELECT from_id FROM related_edges WHERE to_id = ANY($1::text[])`,
      [ids],
    );
    return rows.map((row) => row.from_id);
  }

  async mentionCounts(keys: readonly string[]): Promise<MentionCounts> {
    const { kinds, ids } = keyParts(keys);
    const { rows } = await this.db.query<{ n: number | null; articles: number }>(
      `SELECT k.n, coalesce(c.count, 0)::int AS articles
       FROM (SELECT NULL::int AS n, 'all' AS kind, '' AS entity_id
             UNION ALL SELECT n::int, kind, entity_id
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(kind, entity_id, n)) k
       LEFT JOIN article_counts c ON c.kind = k.kind AND c.entity_id = k.entity_id`,
      [kinds, ids],
    );
    const df = new Array<number>(keys.length).fill(0);
    let articles = 0;
    for (const row of rows) {
      if (row.n === null) articles = row.articles;
      else df[row.n - 1] = row.articles;
    }
    return { articles, df };
  }

  /** Both sides of every entity's list in one statement: two index range scans per entity. */
  async postings(requests: readonly PostingRequest[]): Promise<PostingSides[]> {
    const { kinds, ids } = keyParts(requests.map((request) => request.key));
    const { rows } = await this.db.query<PostingRow>(
      `SELECT r.n::int AS n, s.side, s.article_id, s.published_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
         WITH ORDINALITY AS r(kind, entity_id, at, id, lim, n)
       CROSS JOIN LATERAL (
         (SELECT 'before' AS side, m.article_id, m.published_at FROM article_mentions m
          WHERE m.kind = r.kind AND m.entity_id = r.entity_id
            AND (m.published_at, m.article_id) < (r.at, r.id)
          ORDER BY m.published_at DESC, m.article_id DESC LIMIT r.lim)
         UNION ALL
         (SELECT 'after', m.article_id, m.published_at FROM article_mentions m
          WHERE m.kind = r.kind AND m.entity_id = r.entity_id
            AND (m.published_at, m.article_id) > (r.at, r.id)
          ORDER BY m.published_at, m.article_id LIMIT r.lim)
       ) s`,
      [
        kinds,
        ids,
        requests.map((request) => request.around.publishedAt),
        requests.map((request) => request.around.id),
        requests.map((request) => request.limit),
      ],
    );
    const sides = requests.map((): PostingSides => ({ before: [], after: [] }));
    for (const row of rows) {
      const key: ArticleKey = { id: row.article_id, publishedAt: row.published_at };
      sides[row.n - 1]![row.side].push(key);
    }
    for (const { before, after } of sides) {
      before.sort((x, y) => compareArticleKeys(y, x));
      after.sort(compareArticleKeys);
    }
    return sides;
  }

  async relatedNodes(ids: readonly string[]): Promise<(RelatedNode | undefined)[]> {
    const { rows } = await this.db.query<RelatedNode>(
      `SELECT a.id, a.published_at AS "publishedAt",
         coalesce(array_agg(CASE m.kind WHEN 'person' THEN 'p:' ELSE 't:' END || m.entity_id)
           FILTER (WHERE m.kind IS NOT NULL), '{}') AS keys
       FROM articles a LEFT JOIN article_mentions m ON m.article_id = a.id
       WHERE a.id = ANY($1::text[]) GROUP BY a.id`,
      [ids],
    );
    return inOrder(
      ids,
      rows,
      (row) => row.id,
      (row) => ({ ...row, keys: row.keys.sort(compareStrings) }),
    );
  }
}
