/**
 * Related-story edges, computed when the store changes so a request only reads them.
 *
 * Two stories are related through the people and topics they share. The score of a pair is
 *
 *   score(a, b) = Σ over shared entities e of ln(1 + N / df(e))  ×  fresh(a, b)
 *   fresh(a, b) = 1 / (1 + |age gap of a and b in days| / 30)
 *
 * where N is the number of articles and df(e) how many of them mention e (a rare entity says more
 * than a common one), both as the store counts them when the edge is written. Freshness is the
 * pair's own: two stories a month apart count half, whatever else the store holds, and never the
 * wall clock. So a score depends on the pair and two counts, not on the whole store, and a new
 * story's edges are computed from its neighbourhood (relatedChanges, below). The decay is
 * hyperbolic, not exponential, so two stories years apart still rank instead of scoring zero.
 * Scores keep 6 significant digits, so the stored JSON does not depend on floating-point noise.
 *
 * Each article keeps its own best MAX_COMPUTED_EDGES partners (editorial links come on top), found
 * among the stories nearest it in time on each of its entities' lists (POSTING_CAP of them). The
 * full pass (computeRelated, `npm run related:rebuild`) is the reference; between rebuilds an
 * ingest computes the new stories' lists in full and puts each new story into the lists of the
 * stories it now ranks in, which keep their older scores: the drift bench/related-drift.ts measures.
 */

import type {
  ArticleRecord,
  EditorialLinkRecord,
  RelatedEdgeRecord,
  RelatedNode,
  RelatedReasonRecord,
} from "../store/records.js";
import {
  compareStrings,
  relatedNodeOf as nodeOf,
  type RelatedList,
  type WriteView,
} from "../store/store.js";

/** At most this many computed edges per article (editorial links come on top). */
export const MAX_COMPUTED_EDGES = 20;
/**
 * How many articles of one entity's list a story looks at: those nearest it in time, half before
 * and half after (more on one side when the other runs out). This bounds the work for an entity
 * that half the archive mentions; such an entity weighs little, and its articles far from the
 * story in time are out-ranked by recency. Rarer entities are walked in full.
 */
export const POSTING_CAP = 1000;
/** Days after which a pair's freshness has halved. */
const HALF_AGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const round = (score: number) => Number(score.toPrecision(6));

/** The store's counts at the time of scoring: N and each entity's df. */
export interface Counts {
  articles: number;
  df: (key: string) => number;
}

/** The entity keys two nodes share, in key order: a merge of their sorted key lists. */
function sharedKeys(a: RelatedNode, b: RelatedNode): string[] {
  const shared: string[] = [];
  for (let m = 0, n = 0; m < a.keys.length && n < b.keys.length;) {
    const order = compareStrings(a.keys[m]!, b.keys[n]!);
    if (order < 0) m++;
    else if (order > 0) n++;
    else (shared.push(a.keys[m]!), m++, n++);
  }
  return shared;
}

const freshness = (a: RelatedNode, b: RelatedNode) =>
  1 /
  (1 + Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) / DAY_MS / HALF_AGE_DAYS);

/** A pair's score, summed in key order so that (a, b) and (b, a) give the same bits. */
export function pairScore(counts: Counts, a: RelatedNode, b: RelatedNode): number {
  const weight = (key: string) => Math.log(1 + counts.articles / counts.df(key));
  const shared = sharedKeys(a, b).reduce((sum, key) => sum + weight(key), 0);
  return round(shared * freshness(a, b));
}

const reasonsOf = (a: RelatedNode, b: RelatedNode): RelatedReasonRecord[] =>
  sharedKeys(a, b).map((key) =>
    key.startsWith("p:")
      ? { kind: "SHARED_PERSON", personId: key.slice(2) }
      : { kind: "SHARED_TOPIC", topicId: key.slice(2) },
  );

interface Scored {
  node: RelatedNode;
  score: number;
}

/** Serving order of computed partners: higher score, then newer, then lower id. */
const servingOrder = (x: Scored, y: Scored) =>
  y.score - x.score ||
  compareStrings(y.node.publishedAt, x.node.publishedAt) ||
  compareStrings(x.node.id, y.node.id);

/** Position order of an entity's list: published, then id. */
const byKey = (x: { publishedAt: string; id: string }, y: { publishedAt: string; id: string }) =>
  compareStrings(x.publishedAt, y.publishedAt) || compareStrings(x.id, y.id);

/**
 * The POSTING_CAP stories of one entity's list nearest a story: `before` and `after` are the
 * list's stories on each side of it, nearest first. Half from each side, more from one side when
 * the other runs out.
 */
export function nearest<T>(before: readonly T[], after: readonly T[]): T[] {
  const half = POSTING_CAP / 2;
  const fromBefore = Math.min(before.length, Math.max(half, POSTING_CAP - after.length));
  const fromAfter = Math.min(after.length, POSTING_CAP - fromBefore);
  return [...before.slice(0, fromBefore), ...after.slice(0, fromAfter)];
}

/** One article's related list: its editorial targets in box order, then its best partners. */
function relatedList(
  counts: Counts,
  node: RelatedNode,
  editorial: readonly RelatedNode[],
  candidates: Iterable<RelatedNode>,
): RelatedEdgeRecord[] {
  const chosen = new Set([node.id, ...editorial.map((target) => target.id)]);
  const scored: Scored[] = [];
  for (const candidate of candidates) {
    if (!chosen.has(candidate.id))
      scored.push({ node: candidate, score: pairScore(counts, node, candidate) });
  }
  const best = scored.sort(servingOrder).slice(0, MAX_COMPUTED_EDGES);
  const edge = (
    to: RelatedNode,
    score: number,
    lead: RelatedReasonRecord[],
  ): RelatedEdgeRecord => ({
    fromId: node.id,
    toId: to.id,
    score,
    reasons: [...lead, ...reasonsOf(node, to)],
  });
  return [
    ...editorial.map((to) => edge(to, pairScore(counts, node, to), [{ kind: "EDITORIAL" }])),
    ...best.map(({ node: to, score }) => edge(to, score, [])),
  ];
}

/** Each article's editorial targets that exist, in the box's order, never itself nor twice. */
function editorialTargets(
  links: readonly EditorialLinkRecord[],
  nodeById: ReadonlyMap<string, RelatedNode>,
): Map<string, RelatedNode[]> {
  const sorted = [...links].sort(
    (x, y) => compareStrings(x.fromId, y.fromId) || x.position - y.position,
  );
  const targets = new Map<string, RelatedNode[]>();
  for (const link of sorted) {
    const to = nodeById.get(link.toId);
    const list = targets.get(link.fromId) ?? [];
    if (to && link.toId !== link.fromId && !list.includes(to)) list.push(to);
    targets.set(link.fromId, list);
  }
  return targets;
}

/**
 * The full pass: every article's related list in serving order, from the whole store's counts,
 * one article at a time in the order of `nodes` (sorted by id); articles with no edges are left
 * out. Holds only the nodes (ids, dates, entity keys), never the stories' text.
 */
export function* relatedLists(
  nodes: readonly RelatedNode[],
  links: readonly EditorialLinkRecord[],
): Generator<RelatedList> {
  const postings = new Map<string, RelatedNode[]>();
  for (const node of nodes) {
    for (const key of node.keys) postings.get(key)?.push(node) ?? postings.set(key, [node]);
  }
  for (const list of postings.values()) list.sort(byKey);
  const counts: Counts = { articles: nodes.length, df: (key) => postings.get(key)!.length };
  const editorial = editorialTargets(links, new Map(nodes.map((node) => [node.id, node])));
  for (const node of nodes) {
    const candidates = new Set<RelatedNode>();
    for (const key of node.keys) {
      const list = postings.get(key)!;
      const at = firstAtOrAfter(list, node);
      const before = list.slice(Math.max(0, at - POSTING_CAP), at).reverse();
      const after = list.slice(at + 1, at + 1 + POSTING_CAP);
      for (const candidate of nearest(before, after)) candidates.add(candidate);
    }
    const edges = relatedList(counts, node, editorial.get(node.id) ?? [], candidates);
    if (edges.length > 0) yield { fromId: node.id, edges };
  }
}

/** Where `node` stands in an entity's list (which holds it). */
function firstAtOrAfter(list: readonly RelatedNode[], node: RelatedNode): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byKey(list[mid]!, node) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The full pass over articles and their editorial links, edges grouped by article in id order. */
export const computeRelated = (
  articles: readonly ArticleRecord[],
  links: readonly EditorialLinkRecord[],
): RelatedEdgeRecord[] =>
  [...relatedLists(articles.map(nodeOf), links)].flatMap(({ edges }) => edges);

/** What a write changes that related edges follow: stories put in, boxes replaced. */
export interface RelatedInput {
  /** Stories added or changed by the write, as they will be stored. */
  changed: readonly ArticleRecord[];
  /** The stored versions of those of them that the store held before. */
  previous: readonly ArticleRecord[];
  /** Each story's editorial box as the write leaves it, for every story in `changed` and every replaced box. */
  boxes: ReadonlyMap<string, readonly EditorialLinkRecord[]>;
}

/**
 * The related lists a write changes, computed from the neighbourhood of what it changed: each
 * changed story's (and each replaced box's) list in full; and the lists of stories near a changed
 * one (on one of its entities' lists, or linking to it) with the changed story put in, moved or
 * taken out. Counts are the store's after the write. Lists that come out as stored are left out.
 */
export async function relatedChanges(
  view: WriteView,
  { changed, previous, boxes }: RelatedInput,
): Promise<RelatedList[]> {
  const overlay = new Map(changed.map((article) => [article.id, nodeOf(article)]));
  const oldKeys = previous.flatMap((article) => nodeOf(article).keys);
  const counts = await countsAfter(view, [...overlay.values()], previous.map(nodeOf));
  const neighbourhood = new Neighbourhood(view, overlay);

  const recomputed = [...new Set([...overlay.keys(), ...boxes.keys()])].sort(compareStrings);
  const storedBoxes = await view.editorialLinks(recomputed);
  const lists = new Map<string, RelatedEdgeRecord[]>();
  for (const [i, id] of recomputed.entries()) {
    const node = (await neighbourhood.nodes([id]))[0]!;
    const box = boxes.get(id) ?? storedBoxes[i]!;
    const targets = await neighbourhood.nodes(box.map((link) => link.toId));
    const editorial = editorialTargets(
      box,
      new Map(targets.filter((t) => t !== undefined).map((t) => [t.id, t])),
    ).get(id);
    const candidates = await neighbourhood.around(node, node.keys);
    lists.set(id, relatedList(counts, node, editorial ?? [], candidates));
  }

  const neighbours = new Set<string>(await view.pointingAt([...overlay.keys()]));
  for (const node of overlay.values()) {
    for (const near of await neighbourhood.around(node, [...new Set([...node.keys, ...oldKeys])]))
      neighbours.add(near.id);
  }
  const others = [...neighbours].filter((id) => !lists.has(id)).sort(compareStrings);
  const [stored, nodes] = [await view.relatedEdges(others), await neighbourhood.nodes(others)];
  others.forEach((id, i) => {
    const next = [...overlay.values()].reduce(
      (edges, node) => withPartner(counts, nodes[i]!, edges, node),
      stored[i]!,
    );
    lists.set(id, next);
  });

  const before = await view.relatedEdges([...lists.keys()]);
  return [...lists]
    .filter(([, edges], i) => JSON.stringify(edges) !== JSON.stringify(before[i]))
    .map(([fromId, edges]) => ({ fromId, edges }))
    .sort((x, y) => compareStrings(x.fromId, y.fromId));
}

/**
 * A stored list with `partner` rescored: an editorial edge to it keeps its place with new reasons;
 * a computed one is taken out, then the partner goes in where its score ranks it if it shares
 * anything and ranks within MAX_COMPUTED_EDGES. The other edges keep their stored scores (a tie
 * puts the partner after them: a rebuild orders ties by date).
 */
function withPartner(
  counts: Counts,
  node: RelatedNode,
  edges: readonly RelatedEdgeRecord[],
  partner: RelatedNode,
): RelatedEdgeRecord[] {
  const isEditorial = (edge: RelatedEdgeRecord) => edge.reasons[0]?.kind === "EDITORIAL";
  const score = pairScore(counts, node, partner);
  const reasons = reasonsOf(node, partner);
  const editorial = edges
    .filter(isEditorial)
    .map((edge) =>
      edge.toId === partner.id ? { ...edge, score, reasons: [edge.reasons[0]!, ...reasons] } : edge,
    );
  const computed = edges.filter((edge) => !isEditorial(edge) && edge.toId !== partner.id);
  if (reasons.length > 0 && !editorial.some((edge) => edge.toId === partner.id)) {
    const at = computed.findIndex((edge) => edge.score < score);
    const edge = { fromId: node.id, toId: partner.id, score, reasons };
    computed.splice(at === -1 ? computed.length : at, 0, edge);
  }
  return [...editorial, ...computed.slice(0, MAX_COMPUTED_EDGES)];
}

/** The store's counts as the write leaves them: stored counts moved by the changed stories. */
async function countsAfter(
  view: WriteView,
  changed: readonly RelatedNode[],
  previous: readonly RelatedNode[],
): Promise<Counts> {
  const keys = [...new Set([...changed, ...previous].flatMap((node) => node.keys))];
  const stored = await view.mentionCounts(keys);
  const df = new Map(keys.map((key, i) => [key, stored.df[i]!]));
  for (const node of previous) for (const key of node.keys) df.set(key, df.get(key)! - 1);
  for (const node of changed) for (const key of node.keys) df.set(key, df.get(key)! + 1);
  return {
    articles: stored.articles + changed.length - previous.length,
    df: (key) => df.get(key)!,
  };
}

/** The store seen through a write's changed stories: theirs replace what is stored. */
class Neighbourhood {
  constructor(
    private readonly view: WriteView,
    private readonly overlay: ReadonlyMap<string, RelatedNode>,
  ) {}

  async nodes(ids: readonly string[]): Promise<(RelatedNode | undefined)[]> {
    const stored = await this.view.relatedNodes(ids.filter((id) => !this.overlay.has(id)));
    let next = 0;
    return ids.map((id) => this.overlay.get(id) ?? stored[next++]);
  }

  /** The stories nearest `node` on each of `keys`' lists, the changed stories in their places. */
  async around(node: RelatedNode, keys: readonly string[]): Promise<RelatedNode[]> {
    const sides = await this.view.postings(
      keys.map((key) => ({ key, around: node, limit: POSTING_CAP + this.overlay.size })),
    );
    const found = new Set<string>();
    keys.forEach((key, i) => {
      const mine = [...this.overlay.values()].filter(
        (n) => n.id !== node.id && n.keys.includes(key),
      );
      const side = (stored: readonly { id: string; publishedAt: string }[], isBefore: boolean) =>
        [
          ...stored.filter((entry) => !this.overlay.has(entry.id)),
          ...mine.filter((n) => byKey(n, node) < 0 === isBefore),
        ].sort((x, y) => (isBefore ? byKey(y, x) : byKey(x, y)));
      for (const entry of nearest(side(sides[i]!.before, true), side(sides[i]!.after, false)))
        found.add(entry.id);
    });
    const nodes = await this.nodes([...found]);
    return nodes.filter((near): near is RelatedNode => near !== undefined);
  }
}
