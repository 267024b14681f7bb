import type { RelatedEdgeRecord, RelatedReasonRecord } from "../records.js";

/**
 * One article's related edges as one line of the store file:
 *
 *   {"fromId":"2e7217af56e7","edges":[["a807749893cb",0.368323,"editorial","person:kim-jong-un"]]}
 *
 * each edge `[toId, score, ...reasons]`, a reason "editorial", "person:ID" or "topic:ID". Edges are
 * two thirds of a store; written as one object per edge they were three times as long, and held
 * as objects in memory four times as big as this text, which is what the store keeps (ASCII, so
 * one byte a character) and decodes when an article's edges are read.
 */
type StoredEdge = [toId: string, score: number, ...reasons: string[]];

interface StoredLine {
  fromId: string;
  edges: StoredEdge[];
}

const encodeReason = (reason: RelatedReasonRecord): string =>
  reason.kind === "EDITORIAL"
    ? "editorial"
    : reason.kind === "SHARED_PERSON"
      ? `person:${reason.personId}`
      : `topic:${reason.topicId}`;

function decodeReason(text: string): RelatedReasonRecord {
  if (text === "editorial") return { kind: "EDITORIAL" };
  const colon = text.indexOf(":");
  const [kind, id] = [text.slice(0, colon), text.slice(colon + 1)];
  if (kind === "person") return { kind: "SHARED_PERSON", personId: id };
  if (kind === "topic") return { kind: "SHARED_TOPIC", topicId: id };
  throw new Error(`unknown related-edge reason ${JSON.stringify(text)}`);
}

/** The line of one article's edges, in their serving order; all must share one fromId. */
export function encodeRelatedLine(edges: readonly RelatedEdgeRecord[]): string {
  const line: StoredLine = {
    fromId: edges[0]!.fromId,
    edges: edges.map((edge) => [edge.toId, edge.score, ...edge.reasons.map(encodeReason)]),
  };
  return JSON.stringify(line);
}

/**
 * The article a related line belongs to, checking that the line is JSON of that shape: what a
 * store's reader asks of each line, leaving the edges themselves to `decodeRelatedLine`.
 */
export function fromIdOf(line: string): string {
  const { fromId, edges } = JSON.parse(line) as Partial<StoredLine>;
  if (typeof fromId !== "string" || !Array.isArray(edges)) {
    throw new Error("a related line needs a fromId and its edges");
  }
  return fromId;
}

export function decodeRelatedLine(line: string): RelatedEdgeRecord[] {
  const { fromId, edges } = JSON.parse(line) as StoredLine;
  return edges.map(([toId, score, ...reasons]) => ({
    fromId,
    toId,
    score,
    reasons: reasons.map(decodeReason),
  }));
}
