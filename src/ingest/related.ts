/**
 * Related-story edges, computed whenever the store changes so a request only reads them.
 *
 * Two stories are related through the people and topics they share. The score of a pair is
 *
 *   score(a, b) = Σ over shared entities e of ln(1 + N / df(e))  ×  2^(−(age(a) + age(b)) / 2H)
 *
 * where N is the number of articles, df(e) how many of them mention e (a rare entity says more
 * than a common one), age is days before the newest stored article (never the wall clock, so the
 * result depends on the data alone) and H a half-life of 30 days. The recency factor is the
 * geometric mean of both stories' freshness, so the score is symmetric and, for one story, a
 * newer candidate beats an older one sharing as much.
 */

import type {
  ArticleRecord,
  EditorialLinkRecord,
  RelatedEdgeRecord,
  RelatedReasonRecord,
} from "../store/records.js";

/** At most this many computed edges per article (editorial links come on top). */
export const MAX_COMPUTED_EDGES = 20;
/**
 * How many articles of one entity's posting list a story looks at, newest first. Bounds the work
 * for an entity that half the archive mentions: such an entity weighs little anyway, and the
 * newest of its articles are the ones recency favours.
 */
export const POSTING_CAP = 1000;
const HALF_LIFE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An article as the scorer sees it: its time and entity keys ("p:id", "t:id"), sorted. */
interface Story {
  id: string;
  time: number;
  keys: string[];
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (score: number) => Math.round(score * 1e4) / 1e4;

const storiesOf = (articles: readonly ArticleRecord[]): Story[] =>
  articles.map((article) => ({
    id: article.id,
    time: Date.parse(article.publishedAt),
    keys: [
      ...article.people.map((m) => `p:${m.id}`),
      ...article.topics.map((m) => `t:${m.id}`),
    ].sort(compareIds),
  }));

/** Newer first, then by id: the order postings are walked in and ties are broken by. */
const newerFirst = (a: Story, b: Story) => b.time - a.time || compareIds(a.id, b.id);

/** For each entity key, the articles that mention it, newest first. */
function postingsOf(nodes: readonly Story[]): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const key of node.keys) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
  });
  for (const list of postings.values()) list.sort((i, j) => newerFirst(nodes[i]!, nodes[j]!));
  return postings;
}

/** Everything the pair score needs, computed once per store version. */
function scorerOf(nodes: readonly Story[], postings: Map<string, number[]>) {
  const weights = new Map(
    [...postings].map(([key, list]) => [key, Math.log(1 + nodes.length / list.length)]),
  );
  const newest = nodes.reduce((max, node) => Math.max(max, node.time), -Infinity);
  const age = (node: Story) => (newest - node.time) / DAY_MS;
  const recency = (a: Story, b: Story) => 2 ** (-(age(a) + age(b)) / (2 * HALF_LIFE_DAYS));
  return { weights, recency };
}

type Scorer = ReturnType<typeof scorerOf>;

/** The entity keys two articles share, in key order (both lists are sorted). */
function sharedKeys(a: Story, b: Story): string[] {
  const inB = new Set(b.keys);
  return a.keys.filter((key) => inB.has(key));
}

/** The pair's score, summed in key order so that (a, b) and (b, a) give the same bits. */
function pairScore(a: Story, b: Story, { weights, recency }: Scorer): number {
  const shared = sharedKeys(a, b).reduce((sum, key) => sum + weights.get(key)!, 0);
  return round(shared * recency(a, b));
}

/**
 * The best candidates of article `i`, found through its entities' postings (never all pairs):
 * a sparse sum of weights per co-mentioning article, then the top `MAX_COMPUTED_EDGES`.
 */
function proposalsOf(
  i: number,
  nodes: readonly Story[],
  postings: Map<string, number[]>,
  scorer: Scorer,
  sums: Float64Array,
): number[] {
  const touched: number[] = [];
  for (const key of nodes[i]!.keys) {
    const weight = scorer.weights.get(key)!;
    for (const j of postings.get(key)!.slice(0, POSTING_CAP)) {
      if (j === i) continue;
      if (sums[j] === 0) touched.push(j);
      sums[j]! += weight;
    }
  }
  const ranked = touched.map((j) => ({
    j,
    score: sums[j]! * scorer.recency(nodes[i]!, nodes[j]!),
  }));
  for (const j of touched) sums[j] = 0;
  return topK(
    ranked,
    MAX_COMPUTED_EDGES,
    (a, b) => b.score - a.score || newerFirst(nodes[a.j]!, nodes[b.j]!),
  ).map(({ j }) => j);
}

/** The `k` first items in `compare` order, without sorting the whole list. */
function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

interface Pair {
  a: number;
  b: number;
  score: number;
}

/**
 * Keeps the symmetric edges: every pair some article proposed, best first, accepted while both
 * ends have room, so an edge exists in both directions and no article gets more than the cap.
 */
function acceptPairs(nodes: readonly Story[], proposals: number[][], scorer: Scorer): Pair[] {
  const seen = new Set<number>();
  const pairs: Pair[] = [];
  proposals.forEach((list, i) => {
    for (const j of list) {
      const [a, b] = i < j ? [i, j] : [j, i];
      if (seen.has(a * nodes.length + b)) continue;
      seen.add(a * nodes.length + b);
      pairs.push({ a, b, score: pairScore(nodes[a]!, nodes[b]!, scorer) });
    }
  });
  pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const degree = new Uint16Array(nodes.length);
  return pairs.filter(({ a, b, score }) => {
    if (score <= 0 || degree[a]! >= MAX_COMPUTED_EDGES || degree[b]! >= MAX_COMPUTED_EDGES) {
      return false;
    }
    degree[a]!++;
    degree[b]!++;
    return true;
  });
}

function reasonsOf(a: Story, b: Story): RelatedReasonRecord[] {
  return sharedKeys(a, b).map((key) =>
    key.startsWith("p:")
      ? { kind: "SHARED_PERSON", personId: key.slice(2) }
      : { kind: "SHARED_TOPIC", topicId: key.slice(2) },
  );
}

/**
 * Every article's related edges in serving order: its editorial links in the box's order, then
 * its computed neighbours by score, ties by newer then id. `articles` must be sorted by id; the
 * edges come out grouped by article in that order.
 */
export function computeRelated(
  articles: readonly ArticleRecord[],
  links: readonly EditorialLinkRecord[],
): RelatedEdgeRecord[] {
  if (articles.length === 0) return [];
  const nodes = storiesOf(articles);
  const position = new Map(nodes.map((node, i) => [node.id, i]));
  const postings = postingsOf(nodes);
  const scorer = scorerOf(nodes, postings);
  const sums = new Float64Array(nodes.length);
  const proposals = nodes.map((_, i) => proposalsOf(i, nodes, postings, scorer, sums));
  const neighbours = nodes.map((): Pair[] => []);
  for (const pair of acceptPairs(nodes, proposals, scorer)) {
    neighbours[pair.a]!.push(pair);
    neighbours[pair.b]!.push(pair);
  }
  const editorial = groupLinks(links);
  return nodes.flatMap((node, i) => {
    const edge = (j: number, score: number, lead: RelatedReasonRecord[]): RelatedEdgeRecord => ({
      fromId: node.id,
      toId: nodes[j]!.id,
      score,
      reasons: [...lead, ...reasonsOf(node, nodes[j]!)],
    });
    const chosen = (editorial.get(node.id) ?? [])
      .map((toId) => position.get(toId))
      .filter((j): j is number => j !== undefined && j !== i);
    const computed = neighbours[i]!.map((pair) => ({
      j: pair.a === i ? pair.b : pair.a,
      score: pair.score,
    }))
      .filter(({ j }) => !chosen.includes(j))
      .sort((x, y) => y.score - x.score || newerFirst(nodes[x.j]!, nodes[y.j]!));
    return [
      ...[...new Set(chosen)].map((j) =>
        edge(j, pairScore(node, nodes[j]!, scorer), [{ kind: "EDITORIAL" }]),
      ),
      ...computed.map(({ j, score }) => edge(j, score, [])),
    ];
  });
}

/** Each article's editorial targets in the box's order. */
function groupLinks(links: readonly EditorialLinkRecord[]): Map<string, string[]> {
  const sorted = [...links].sort(
    (x, y) => compareIds(x.fromId, y.fromId) || x.position - y.position,
  );
  const groups = new Map<string, string[]>();
  for (const link of sorted) {
    const group = groups.get(link.fromId);
    if (group) group.push(link.toId);
    else groups.set(link.fromId, [link.toId]);
  }
  return groups;
}
