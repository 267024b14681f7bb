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
import { firstNotBefore } from "../sorted.js";
import {
  compareStrings,
  isEditorialEdge,
  relatedFloorOf,
  relatedNodeOf as nodeOf,
  type ArticleKey,
  type RelatedFloor,
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
/** More than 6 significant digits' rounding can move a score, relative to it (5e-6). */
const ROUNDING_SLACK = 1e-5;

/** The store's counts at the time of scoring: N and each entity's df. */
export interface Counts {
  articles: number;
  df: (key: string) => number;
}

/**
 * Nodes as the scorer walks them, by index: their times, their keys as numbers (interned in key
 * order, so a pair's shared keys are summed in the same order whichever way round) and each key's
 * weight ln(1 + N / df), worked out once when first needed. A full pass builds one over the whole
 * store; an ingest one per neighbourhood, from the same arithmetic, so both give the same bits.
 */
class Graph {
  readonly times: Float64Array;
  readonly keysOf: Int32Array[];
  readonly keyNames: string[];
  private readonly weights: Float64Array;
  /** The weights of the keys of the node being scored against, 0 for every other key. */
  private readonly marks: Float64Array;

  constructor(
    readonly nodes: readonly RelatedNode[],
    private readonly counts: Counts,
  ) {
    this.keyNames = [...new Set(nodes.flatMap((node) => node.keys))].sort(compareStrings);
    const keyOf = new Map(this.keyNames.map((name, k) => [name, k]));
    this.keysOf = nodes.map((node) => Int32Array.from(node.keys, (key) => keyOf.get(key)!));
    this.times = Float64Array.from(nodes, (node) => Date.parse(node.publishedAt));
    this.weights = new Float64Array(this.keyNames.length).fill(NaN);
    this.marks = new Float64Array(this.keyNames.length);
  }

  private weight(k: number): number {
    if (Number.isNaN(this.weights[k]!)) {
      this.weights[k] = Math.log(1 + this.counts.articles / this.counts.df(this.keyNames[k]!));
    }
    return this.weights[k]!;
  }

  /** The keys two nodes share, in key order: a merge of their sorted key lists. */
  shared(a: number, b: number): number[] {
    const [x, y] = [this.keysOf[a]!, this.keysOf[b]!];
    const shared: number[] = [];
    for (let m = 0, n = 0; m < x.length && n < y.length;) {
      if (x[m]! < y[n]!) m++;
      else if (x[m]! > y[n]!) n++;
      else (shared.push(x[m]!), m++, n++);
    }
    return shared;
  }

  score(a: number, b: number): number {
    this.mark(a, true);
    const score = round(this.unrounded(a, b));
    this.mark(a, false);
    return score;
  }

  /**
   * Puts the weights of node `a`'s keys in `marks` (or takes them out), so a score with `a` is
   * one lookup per key of the other node: the weights are summed in key order, as `shared` finds
   * them, so the bits are the same whichever node is marked.
   */
  private mark(a: number, on: boolean): void {
    for (const k of this.keysOf[a]!) this.marks[k] = on ? this.weight(k) : 0;
  }

  /** Marked node `a`'s score with `b` before rounding: shared weights, times the pair's freshness. */
  private unrounded(a: number, b: number): number {
    let sum = 0;
    for (const k of this.keysOf[b]!) sum += this.marks[k]!;
    const gapDays = Math.abs(this.times[a]! - this.times[b]!) / DAY_MS;
    return sum / (1 + gapDays / HALF_AGE_DAYS);
  }

  reasons(a: number, b: number): RelatedReasonRecord[] {
    return this.shared(a, b).map((k) => {
      const name = this.keyNames[k]!;
      return name.startsWith("p:")
        ? { kind: "SHARED_PERSON", personId: name.slice(2) }
        : { kind: "SHARED_TOPIC", topicId: name.slice(2) };
    });
  }

  /** Serving order of partners: higher score, then newer, then lower id. */
  better(i: number, si: number, j: number, sj: number): boolean {
    if (si !== sj) return si > sj;
    if (this.times[i] !== this.times[j]) return this.times[i]! > this.times[j]!;
    return compareStrings(this.nodes[i]!.id, this.nodes[j]!.id) < 0;
  }

  edge(from: number, to: number, score: number, lead: RelatedReasonRecord[]): RelatedEdgeRecord {
    const reasons = [...lead, ...this.reasons(from, to)];
    return { fromId: this.nodes[from]!.id, toId: this.nodes[to]!.id, score, reasons };
  }

  /**
   * Node `i`'s related list: its editorial targets in box order, then its best MAX_COMPUTED_EDGES
   * candidates (neither itself nor an editorial target) in serving order.
   */
  list(i: number, editorial: readonly number[], candidates: Iterable<number>): RelatedEdgeRecord[] {
    const best: number[] = [];
    const scores: number[] = [];
    this.mark(i, true);
    for (const j of candidates) {
      if (j === i || editorial.includes(j)) continue;
      const unrounded = this.unrounded(i, j);
      // Rounding moves a score by under ROUNDING_SLACK of it: most candidates lose before it.
      const last = scores[MAX_COMPUTED_EDGES - 1];
      if (last !== undefined && unrounded * (1 + ROUNDING_SLACK) < last) continue;
      const score = round(unrounded);
      let at = best.length;
      while (at > 0 && this.better(j, score, best[at - 1]!, scores[at - 1]!)) at--;
      if (at >= MAX_COMPUTED_EDGES) continue;
      best.splice(at, 0, j);
      scores.splice(at, 0, score);
      if (best.length > MAX_COMPUTED_EDGES) (best.pop(), scores.pop());
    }
    this.mark(i, false);
    return [
      ...editorial.map((j) => this.edge(i, j, this.score(i, j), [{ kind: "EDITORIAL" }])),
      ...best.map((j, n) => this.edge(i, j, scores[n]!, [])),
    ];
  }
}

/** Position order of an entity's list: published, then id. */
const byKey = (x: ArticleKey, y: ArticleKey) =>
  compareStrings(x.publishedAt, y.publishedAt) || compareStrings(x.id, y.id);

/** Negative when `x` is nearer `to` than `y` is, both on the same side of it. */
const farther = (x: ArticleKey, y: ArticleKey, to: ArticleKey) =>
  byKey(x, to) < 0 ? byKey(y, x) : byKey(x, y);

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

/** Each article's editorial targets that exist, in the box's order, never itself nor twice. */
function editorialTargets(
  links: readonly EditorialLinkRecord[],
  indexOf: ReadonlyMap<string, number>,
): Map<string, number[]> {
  const sorted = [...links].sort(
    (x, y) => compareStrings(x.fromId, y.fromId) || x.position - y.position,
  );
  const targets = new Map<string, number[]>();
  for (const link of sorted) {
    const to = indexOf.get(link.toId);
    const list = targets.get(link.fromId) ?? [];
    if (to !== undefined && link.toId !== link.fromId && !list.includes(to)) list.push(to);
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
  const postings = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const key of node.keys) postings.get(key)?.push(i) ?? postings.set(key, [i]);
  });
  const graph = new Graph(nodes, {
    articles: nodes.length,
    df: (key) => postings.get(key)!.length,
  });
  // Index order is id order, so this is the (publishedAt, id) order of the entity lists.
  const earlier = (i: number, j: number) => graph.times[i]! - graph.times[j]! || i - j;
  const lists = graph.keyNames.map((name) => Int32Array.from(postings.get(name)!.sort(earlier)));
  const editorial = editorialTargets(links, new Map(nodes.map((node, i) => [node.id, i])));
  const seen = new Int32Array(nodes.length).fill(-1);
  for (let i = 0; i < nodes.length; i++) {
    const candidates: number[] = [];
    for (const k of graph.keysOf[i]!) {
      const list = lists[k]!;
      const at = firstNotBefore(0, list.length, (n) => earlier(list[n]!, i) < 0);
      const before = Array.from(list.subarray(Math.max(0, at - POSTING_CAP), at)).reverse();
      const after = Array.from(list.subarray(at + 1, at + 1 + POSTING_CAP));
      for (const j of nearest(before, after)) {
        if (seen[j] !== i) ((seen[j] = i), candidates.push(j));
      }
    }
    const edges = graph.list(i, editorial.get(nodes[i]!.id) ?? [], candidates);
    if (edges.length > 0) yield { fromId: nodes[i]!.id, edges };
  }
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
  /** The boxes the write replaces, as it leaves them. */
  boxes: ReadonlyMap<string, readonly EditorialLinkRecord[]>;
}

/**
 * The related lists a write changes, computed from the neighbourhood of what it changed: in full,
 * the list of each changed story, of each replaced box, and of each story whose box or edges
 * point at a changed story; and the lists of the other stories near a changed one (on one of its
 * entities' lists) with the changed story put in where it now ranks. Counts are the store's after
 * the write. Lists that come out as stored are left out.
 */
export async function relatedChanges(
  view: WriteView,
  { changed, previous, boxes }: RelatedInput,
): Promise<RelatedList[]> {
  const overlay = new Map(changed.map((article) => [article.id, nodeOf(article)]));
  const neighbourhood = new Neighbourhood(view, overlay);
  const pointing = await view.pointingAt([...overlay.keys()]);
  const recomputed = [...new Set([...overlay.keys(), ...boxes.keys(), ...pointing])].sort(
    compareStrings,
  );
  const recomputedNodes = (await neighbourhood.nodes(recomputed)).map((node) => node!);
  const counts = await countsAfter(view, [...overlay.values()], previous.map(nodeOf), [
    ...new Set(recomputedNodes.flatMap((node) => node.keys)),
  ]);

  const storedBoxes = await view.editorialLinks(recomputed);
  const recomputedBoxes = recomputedNodes.map((node, i) => boxes.get(node.id) ?? storedBoxes[i]!);
  // Each a single read for all the lists: a round trip per list costs more than the rows.
  await neighbourhood.nodes(recomputedBoxes.flat().map((link) => link.toId));
  const nearAll = await neighbourhood.around(recomputedNodes);
  const wanted = [];
  for (const [i, node] of recomputedNodes.entries()) {
    const box = recomputedBoxes[i]!;
    const targets = await neighbourhood.nodes(box.map((link) => link.toId));
    wanted.push({ node, box, targets, near: nearAll[i]! });
  }
  /** Each stored story near a changed one, with the changed stories it is near. */
  const recomputedIds = new Set(recomputed);
  const neighbours = new Map<string, RelatedNode[]>();
  for (const { node, near } of wanted.filter(({ node }) => overlay.has(node.id))) {
    for (const { id } of near) {
      if (!recomputedIds.has(id)) neighbours.set(id, [...(neighbours.get(id) ?? []), node]);
    }
  }
  const others = [...neighbours.keys()].sort(compareStrings);
  const graph = new Graph(
    [
      ...new Map(
        wanted
          .flatMap(({ node, targets, near }) => [node, ...targets, ...near])
          .flatMap((n) => (n ? [[n.id, n] as const] : [])),
      ).values(),
    ],
    counts,
  );
  const indexOf = new Map(graph.nodes.map((n, j) => [n.id, j]));
  const lists = new Map<string, readonly RelatedEdgeRecord[]>();
  for (const { node, box, near } of wanted) {
    const editorial = editorialTargets(box, indexOf).get(node.id) ?? [];
    lists.set(
      node.id,
      graph.list(
        indexOf.get(node.id)!,
        editorial,
        near.map((n) => indexOf.get(n.id)!),
      ),
    );
  }
  // Most neighbours' lists are already full of better partners: only their floors are read.
  const floors = await view.relatedFloors(others);
  const entering = others.filter((id, i) =>
    neighbours
      .get(id)!
      .some((partner) =>
        enters(graph.score(indexOf.get(id)!, indexOf.get(partner.id)!), floors[i]!),
      ),
  );
  const stored = await view.relatedEdges(entering);
  entering.forEach((id, i) => {
    const partners = neighbours.get(id)!.map((partner) => indexOf.get(partner.id)!);
    const next = partners.reduce<readonly RelatedEdgeRecord[]>(
      (edges, partner) => withPartner(graph, indexOf.get(id)!, edges, partner),
      stored[i]!,
    );
    lists.set(id, next);
  });

  // A neighbour's list that a partner enters has changed; a recomputed one may come out as stored.
  const before = await view.relatedEdges(recomputed);
  const unchanged = new Set(
    recomputed.filter((id, i) => JSON.stringify(lists.get(id)) === JSON.stringify(before[i])),
  );
  return [...lists]
    .filter(([fromId]) => !unchanged.has(fromId))
    .map(([fromId, edges]) => ({ fromId, edges: [...edges] }))
    .sort((x, y) => compareStrings(x.fromId, y.fromId));
}

/**
 * Whether a partner scoring `score` enters a list with this floor: one with room left, or whose
 * lowest computed score it beats (a tie goes after the stored edges, so it does not enter).
 */
const enters = (score: number, floor: RelatedFloor) =>
  score > 0 && (floor.computed < MAX_COMPUTED_EDGES || floor.lowest < score);

/**
 * A stored list that did not hold `partner`, with it put in where its score ranks it, if it
 * shares anything and ranks within MAX_COMPUTED_EDGES. The other edges keep their stored scores
 * (a tie puts the partner after them; a rebuild orders ties by date).
 */
function withPartner(
  graph: Graph,
  node: number,
  edges: readonly RelatedEdgeRecord[],
  partner: number,
): readonly RelatedEdgeRecord[] {
  const score = graph.score(node, partner);
  if (!enters(score, relatedFloorOf(edges))) return edges;
  const editorial = edges.filter(isEditorialEdge);
  const computed = edges.filter((edge) => !isEditorialEdge(edge));
  const at = computed.findIndex((edge) => edge.score < score);
  computed.splice(at === -1 ? computed.length : at, 0, graph.edge(node, partner, score, []));
  return [...editorial, ...computed.slice(0, MAX_COMPUTED_EDGES)];
}

/** The store's counts as the write leaves them: stored counts moved by the changed stories. */
async function countsAfter(
  view: WriteView,
  changed: readonly RelatedNode[],
  previous: readonly RelatedNode[],
  alsoKeys: readonly string[],
): Promise<Counts> {
  const keys = [
    ...new Set([...changed, ...previous].flatMap((node) => node.keys).concat(alsoKeys)),
  ];
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

  /** Stored nodes read so far: neighbourhoods of one write overlap. */
  private readonly known = new Map<string, RelatedNode | undefined>();

  async nodes(ids: readonly string[]): Promise<(RelatedNode | undefined)[]> {
    const missing = [...new Set(ids)].filter((id) => !this.overlay.has(id) && !this.known.has(id));
    const stored = missing.length > 0 ? await this.view.relatedNodes(missing) : [];
    missing.forEach((id, i) => this.known.set(id, stored[i]));
    return ids.map((id) => this.read(id));
  }

  /** A node as the write sees it, once `nodes` has read it: changed, stored, or none. */
  private read(id: string): RelatedNode | undefined {
    return this.overlay.get(id) ?? this.known.get(id);
  }

  /** The stories nearest each node on each of its entities' lists, changed stories in their places. */
  async around(nodes: readonly RelatedNode[]): Promise<RelatedNode[][]> {
    const requests = nodes.flatMap((node, owner) =>
      node.keys.map((key) => ({
        key,
        around: node,
        limit: POSTING_CAP + this.overlay.size,
        owner,
      })),
    );
    const sides = await this.view.postings(requests);
    const found = nodes.map(() => new Set<string>());
    requests.forEach(({ key, around: node, owner }, i) => {
      const mine = [...this.overlay.values()].filter(
        (n) => n.id !== node.id && n.keys.includes(key),
      );
      // The stored side is in order already: the few changed stories are put in their places.
      const side = (stored: readonly ArticleKey[], nearer: (x: ArticleKey) => boolean) => {
        const merged = stored.filter((entry) => !this.overlay.has(entry.id));
        for (const n of mine.filter(nearer)) {
          const at = merged.findIndex((entry) => !nearer(entry) || farther(n, entry, node) < 0);
          merged.splice(at === -1 ? merged.length : at, 0, n);
        }
        return merged;
      };
      const before = side(sides[i]!.before, (x) => byKey(x, node) < 0);
      const after = side(sides[i]!.after, (x) => byKey(x, node) > 0);
      for (const entry of nearest(before, after)) found[owner]!.add(entry.id);
    });
    await this.nodes(found.flatMap((ids) => [...ids]));
    return found.map((ids) =>
      [...ids].map((id) => this.read(id)).filter((near): near is RelatedNode => near !== undefined),
    );
  }
}
