/**
 * Typeahead's headlines in SQL: each article's headline key (src/text/typeahead.ts, written when
 * it is indexed) in a b-tree in byte order, so those starting with a prefix are one range of it.
 */
import type { SuggestHit } from "../store.js";
import type { Queryable } from "./db.js";

/** The `count` newest stories whose headline key starts with `typed`, newest first. */
export async function headlinesStartingWith(
  db: Queryable,
  typed: string,
  count: number,
): Promise<SuggestHit[]> {
  if (count <= 0) return [];
  // Keys starting with the prefix sort between it and it followed by the highest UTF-16 unit.
  const { rows } = await db.query<{ id: string; headline: string }>(
    `SELECT a.id, a.headline FROM article_search s JOIN articles a ON a.id = s.article_id
     WHERE s.headline_key >= $1 AND s.headline_key < $2
     ORDER BY a.published_at DESC, a.id DESC LIMIT $3`,
    [typed, `${typed}\uffff`, count],
  );
  return rows.map(({ id, headline }) => ({ kind: "article", id, label: headline }));
}
