/**
 * The stories linked to each named entity (the people and topics the ingest found in them), kept
 * as postings a search reads the way it reads a term's: story numbers ascending, each with its
 * share of a score, and again best first, so the threshold algorithm can stop early on them too.
 */
import type { ArticleRecord } from "../store/records.js";
import type { Bm25f } from "./bm25f.js";
import { entityKey, type EntityNames, type NamedEntity } from "./entity-names.js";
import { words } from "./normalize.js";
import type { TimeSlicer } from "./time-slice.js";

export interface EntityPostings {
  /** Linked stories, ascending. */
  docs: Int32Array;
  /** Each linked story's link score (Bm25f.linkScore), in `docs` order. */
  scores: Float64Array;
  /** Indexes into `docs`, by score times recency, highest first (ties: newest). */
  byImpact: Int32Array;
}

interface Link {
  doc: number;
  inHeadline: boolean;
  mentions: number;
}

/** Each entity's links, in the order of `names.entities`; `stories` are in index order. */
export async function linkEntities(
  stories: readonly ArticleRecord[],
  names: EntityNames,
  bm25f: Bm25f,
  slicer: TimeSlicer,
): Promise<EntityPostings[]> {
  const entityOf = new Map(names.entities.map((entity, e) => [entityKey(entity), e]));
  const links: Link[][] = names.entities.map(() => []);
  for (const [doc, story] of stories.entries()) {
    const inHeadline = new Set(names.find(words(story.headline)).map((match) => match.entity));
    for (const { key, count } of mentionsOf(story)) {
      const entity = entityOf.get(key);
      if (entity === undefined) continue;
      links[entity]!.push({ doc, inHeadline: inHeadline.has(entity), mentions: count });
    }
    await slicer.pause();
  }
  const postings: EntityPostings[] = [];
  for (const entityLinks of links) {
    postings.push(postingsOf(entityLinks, bm25f));
    await slicer.pause();
  }
  return postings;
}

/** A story's mentions of people and topics, each with its entity key (entityKey). */
export function mentionsOf(
  story: ArticleRecord,
): { entity: NamedEntity; key: string; count: number }[] {
  const mentions = [
    ...story.people.map(({ id, count }) => ({ entity: { kind: "person" as const, id }, count })),
    ...story.topics.map(({ id, count }) => ({ entity: { kind: "topic" as const, id }, count })),
  ];
  return mentions.map((mention) => ({ ...mention, key: entityKey(mention.entity) }));
}

function postingsOf(links: readonly Link[], bm25f: Bm25f): EntityPostings {
  const idf = bm25f.idf(links.length);
  const docs = Int32Array.from(links, (link) => link.doc);
  const scores = Float64Array.from(links, (link) =>
    bm25f.linkScore(idf, link.inHeadline, link.mentions),
  );
  const impact = (i: number) => scores[i]! * bm25f.recency[docs[i]!]!;
  const byImpact = Int32Array.from(docs.keys()).sort((a, b) => impact(b) - impact(a) || a - b);
  return { docs, scores, byImpact };
}
