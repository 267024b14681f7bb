/**
 * Related-story edges, computed whenever the store changes so a request only reads them.
 *
 * Two stories are related through the people and topics they share. The score of a pair is
 *
 *   score(a, b) = Σ over shared entities e of ln(1 + N / df(e))  ×  min(fresh(a), fresh(b))
 *   fresh(x)    = 1 / (1 + age(x) / 30)
 *
 * where N is the number of articles, df(e) how many of them mention e (a rare entity says more
 * than a common one) and age is in days before the newest stored article (never the wall clock,
 * so the result depends on the data alone): a story a month older than the newest counts half.
 * A pair is as fresh as its older story. So the score is symmetric; a recent story prefers recent
 * candidates; and an old story ranks the stories after it by what they share alone, rather than
 * all old stories wanting the newest ones (which, with at most 20 partners each, would leave
 * most old stories with none). The decay is hyperbolic, not exponential, so two stories from
 * years ago still rank among themselves instead of all scoring zero. Scores keep 6 significant
 * digits, so the stored JSON does not depend on floating-point noise.
 *
 * Computed edges are symmetric and at most MAX_COMPUTED_EDGES per article: pairs are chosen
 * best first while both ends have room. Popular stories fill up early, so the choosing runs in
 * rounds: stories with room left propose their best candidates among those with room too.
 */

import type {
  ArticleRecord,
  EditorialLinkRecord,
  RelatedEdgeRecord,
  RelatedReasonRecord,
} from "../store/records.js";
import { compareStrings } from "../store/store.js";

/** At most this many computed edges per article (editorial links come on top). */
export const MAX_COMPUTED_EDGES = 20;
/**
 * How many articles of one entity's posting list a story looks at: those nearest it in time. This
 * bounds the work for an entity that half the archive mentions (100k articles then cost seconds,
 * not hours); such an entity weighs little, and its articles far from the story in time are
 * either out-ranked by recency or full of better partners. Rarer entities are walked in full.
 */
export const POSTING_CAP = 1000;
/** Proposal rounds; later rounds only matter for stories whose first choices filled up. */
const ROUNDS = 4;
/** Days after which a story's freshness has halved. */
const HALF_AGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the score reads of an article: a bulk writer can pass just these. */
export type RelatedInput = Pick<ArticleRecord, "id" | "publishedAt" | "people" | "topics">;

const round = (score: number) => Number(score.toPrecision(6));

/**
 * The articles as the scorer sees them, by index in id order: their times and freshness, their
 * entities as key numbers ("p:…" and "t:…" names sorted, so people come first and a pair's shared
 * entities are always summed in the same order), and each entity's postings, newest first.
 */
interface Graph {
  ids: string[];
  times: Float64Array;
  fresh: Float64Array;
  keyNames: string[];
  weights: Float64Array;
  keysOf: Int32Array[];
  postings: Int32Array[];
}

function buildGraph(articles: readonly RelatedInput[]): Graph {
  const names = articles.map((a) => [
    ...a.people.map((m) => `p:${m.id}`),
    ...a.topics.map((m) => `t:${m.id}`),
  ]);
  const keyNames = [...new Set(names.flat())].sort(compareStrings);
  const keyOf = new Map(keyNames.map((name, k) => [name, k]));
  const keysOf = names.map((list) => Int32Array.from(list, (name) => keyOf.get(name)!).sort());
  const times = Float64Array.from(articles, (a) => Date.parse(a.publishedAt));
  const newest = times.reduce((max, time) => Math.max(max, time), -Infinity);
  const fresh = times.map((time) => 1 / (1 + (newest - time) / DAY_MS / HALF_AGE_DAYS));
  const lists = keyNames.map((): number[] => []);
  keysOf.forEach((keys, i) => keys.forEach((k) => lists[k]!.push(i)));
  const newerFirst = (i: number, j: number) => times[j]! - times[i]! || i - j;
  const postings = lists.map((list) => Int32Array.from(list.sort(newerFirst)));
  const weights = Float64Array.from(lists, (list) => Math.log(1 + articles.length / list.length));
  return { ids: articles.map((a) => a.id), times, fresh, keyNames, weights, keysOf, postings };
}

/** Better first: higher score, then newer, then lower index (articles are in id order). */
const better = (graph: Graph, i: number, si: number, j: number, sj: number) =>
  si !== sj
    ? si > sj
    : graph.times[i] !== graph.times[j]
      ? graph.times[i]! > graph.times[j]!
      : i < j;

/**
 * The POSTING_CAP entries of a posting (newest first) centred on article `i`'s own place in it,
 * or the whole posting when it is shorter.
 */
function windowAround(graph: Graph, posting: Int32Array, i: number): [number, number] {
  if (posting.length <= POSTING_CAP) return [0, posting.length];
  let lo = 0;
  let hi = posting.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const j = posting[mid]!;
    if (graph.times[j]! > graph.times[i]! || (graph.times[j] === graph.times[i] && j < i)) {
      lo = mid + 1;
    } else hi = mid;
  }
  const from = Math.max(0, Math.min(lo - POSTING_CAP / 2, posting.length - POSTING_CAP));
  return [from, from + POSTING_CAP];
}

/** Scratch space reused for every article, so the walk allocates nothing per posting. */
interface Scratch {
  sums: Float64Array;
  touched: Int32Array;
}

/**
 * The `want` best candidates for article `i` that `allowed` lets through, found by walking its
 * entities' postings (never all pairs) and summing the weights each co-mentioning article gets.
 */
function candidates(
  graph: Graph,
  i: number,
  want: number,
  allowed: (j: number) => boolean,
  { sums, touched }: Scratch,
): number[] {
  let count = 0;
  for (const k of graph.keysOf[i]!) {
    const posting = graph.postings[k]!;
    const weight = graph.weights[k]!;
    const [from, to] = windowAround(graph, posting, i);
    for (let n = from; n < to; n++) {
      const j = posting[n]!;
      if (j === i) continue;
      if (sums[j] === 0) touched[count++] = j;
      sums[j]! += weight;
    }
  }
  const best: number[] = [];
  const scores: number[] = [];
  for (let n = 0; n < count; n++) {
    const j = touched[n]!;
    const score = sums[j]! * Math.min(graph.fresh[i]!, graph.fresh[j]!);
    sums[j] = 0;
    let at = best.length;
    while (at > 0 && better(graph, j, score, best[at - 1]!, scores[at - 1]!)) at--;
    if (at >= want || !allowed(j)) continue;
    best.splice(at, 0, j);
    scores.splice(at, 0, score);
    if (best.length > want) (best.pop(), scores.pop());
  }
  return best;
}

/** The entity keys two articles share, in key order: a merge of their sorted key lists. */
function sharedKeys(graph: Graph, a: number, b: number): number[] {
  const [x, y] = [graph.keysOf[a]!, graph.keysOf[b]!];
  const shared: number[] = [];
  for (let m = 0, n = 0; m < x.length && n < y.length;) {
    if (x[m]! < y[n]!) m++;
    else if (x[m]! > y[n]!) n++;
    else (shared.push(x[m]!), m++, n++);
  }
  return shared;
}

/** A pair's score, summed in key order so that (a, b) and (b, a) give the same bits. */
function pairScore(graph: Graph, a: number, b: number): number {
  const shared = sharedKeys(graph, a, b).reduce((sum, k) => sum + graph.weights[k]!, 0);
  return round(shared * Math.min(graph.fresh[a]!, graph.fresh[b]!));
}

interface Pair {
  a: number;
  b: number;
  score: number;
}

/** Each article's computed partners: symmetric, at most MAX_COMPUTED_EDGES each. */
function choosePartners(graph: Graph): Pair[][] {
  const size = graph.ids.length;
  const partners = graph.ids.map((): Pair[] => []);
  const scratch = { sums: new Float64Array(size), touched: new Int32Array(size) };
  const hasRoom = (j: number) => partners[j]!.length < MAX_COMPUTED_EDGES;
  for (let r = 0; r < ROUNDS; r++) {
    const proposed = new Map<number, Pair>();
    for (let i = 0; i < size; i++) {
      const room = MAX_COMPUTED_EDGES - partners[i]!.length;
      if (room === 0) continue;
      const taken = new Set(partners[i]!.map((p) => (p.a === i ? p.b : p.a)));
      for (const j of candidates(graph, i, room, (j) => hasRoom(j) && !taken.has(j), scratch)) {
        const [a, b] = i < j ? [i, j] : [j, i];
        proposed.set(a * size + b, { a, b, score: pairScore(graph, a, b) });
      }
    }
    const best = [...proposed.values()].sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
    let accepted = 0;
    for (const pair of best) {
      if (pair.score <= 0 || !hasRoom(pair.a) || !hasRoom(pair.b)) continue;
      partners[pair.a]!.push(pair);
      partners[pair.b]!.push(pair);
      accepted++;
    }
    if (accepted === 0) break;
  }
  return partners;
}

function reasonsOf(graph: Graph, a: number, b: number): RelatedReasonRecord[] {
  return sharedKeys(graph, a, b).map((k) => {
    const name = graph.keyNames[k]!;
    return name.startsWith("p:")
      ? { kind: "SHARED_PERSON", personId: name.slice(2) }
      : { kind: "SHARED_TOPIC", topicId: name.slice(2) };
  });
}

/** Each article's editorial targets in the box's order. */
function editorialTargets(links: readonly EditorialLinkRecord[]): Map<string, string[]> {
  const sorted = [...links].sort(
    (x, y) => compareStrings(x.fromId, y.fromId) || x.position - y.position,
  );
  const groups = new Map<string, string[]>();
  for (const link of sorted) {
    const group = groups.get(link.fromId);
    if (group) group.push(link.toId);
    else groups.set(link.fromId, [link.toId]);
  }
  return groups;
}

/**
 * Every article's related edges in serving order: its editorial links in the box's order (with
 * the entities the two share), then its computed partners by score, ties by newer then id; never
 * itself, never twice. `articles` must be sorted by id; edges come out grouped in that order.
 */
export function computeRelated(
  articles: readonly RelatedInput[],
  links: readonly EditorialLinkRecord[],
): RelatedEdgeRecord[] {
  const graph = buildGraph(articles);
  const indexOf = new Map(graph.ids.map((id, i) => [id, i]));
  const partners = choosePartners(graph);
  const editorial = editorialTargets(links);
  return graph.ids.flatMap((id, i) => {
    const edge = (j: number, score: number, lead: RelatedReasonRecord[]) => ({
      fromId: id,
      toId: graph.ids[j]!,
      score,
      reasons: [...lead, ...reasonsOf(graph, i, j)],
    });
    const chosen = [...new Set((editorial.get(id) ?? []).map((toId) => indexOf.get(toId)))].filter(
      (j): j is number => j !== undefined && j !== i,
    );
    const computed = partners[i]!.map((pair) => ({
      j: pair.a === i ? pair.b : pair.a,
      score: pair.score,
    }))
      .filter(({ j }) => !chosen.includes(j))
      .sort((x, y) => (better(graph, x.j, x.score, y.j, y.score) ? -1 : 1));
    return [
      ...chosen.map((j) => edge(j, pairScore(graph, i, j), [{ kind: "EDITORIAL" }])),
      ...computed.map(({ j, score }) => edge(j, score, [])),
    ];
  });
}
