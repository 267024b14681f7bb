/**
 * The parts of RFC 9110 an answer's headers depend on: validators (§8.8.3, §13.1.2) and the
 * choice of content coding (§12.5.3).
 */

/** A content coding this server compresses with, best first when the client likes them equally. */
export type Coding = "br" | "gzip";
const CODINGS: readonly Coding[] = ["br", "gzip"];

/** The ETag of an answer's body in one coding: an opaque tag per coding, as §8.8.3 requires. */
export const etagOf = (tag: string, coding: Coding | undefined): string =>
  coding ? `"${tag}-${coding}"` : `"${tag}"`;

/**
 * Whether If-None-Match names `etag`: `*`, or a list of entity tags compared weakly (a `W/`
 * prefix on either side is ignored, §8.8.3.2). Malformed members match nothing.
 */
export function noneMatchHits(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  for (const match of ifNoneMatch.matchAll(/(?:W\/)?("[^"]*")/g)) {
    if (match[1] === opaque) return true;
  }
  return false;
}

/**
 * The coding to send for an Accept-Encoding header: the supported one with the highest q-value
 * (a `*` stands for any not named; q=0 refuses), or none for identity.
 */
export function codingFor(acceptEncoding: string | null): Coding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const member of acceptEncoding.split(",")) {
    const [name = "", ...parameters] = member.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name && Number.isFinite(weight)) weights.set(name, weight);
  }
  let best: Coding | undefined;
  let bestWeight = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/**
 * Whether Accept admits `mediaType` (`type/subtype`): by name, or by a range of its type or of
 * all types, with a q-value above 0 (§12.5.1); no Accept admits anything.
 */
export function acceptsMediaType(accept: string | null, mediaType: string): boolean {
  if (accept === null || accept.trim() === "") return true;
  const [type] = mediaType.split("/");
  return accept.split(",").some((member) => {
    const [range = "", ...parameters] = member.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    return range === mediaType || range === `${type}/*` || range === "*/*";
  });
}
