/**
 * The people and topics the ingest links articles to, kept by hand in data/taxonomy.json. An
 * entry's id is also its slug, so it reads well in URLs and never changes with a re-ingest.
 */

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { PersonRecord, TopicKind, TopicRecord } from "../store/records.js";

export type TaxonomyPerson = Omit<PersonRecord, "slug">;
export type TaxonomyTopic = Omit<TopicRecord, "slug">;

export interface Taxonomy {
  people: TaxonomyPerson[];
  topics: TaxonomyTopic[];
}

export const taxonomyPath = fileURLToPath(new URL("../../data/taxonomy.json", import.meta.url));

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KINDS: readonly TopicKind[] = ["PLACE", "ORGANISATION", "SUBJECT"];

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string" && item.trim() !== "");

/** Names what is wrong with one entry, or undefined when it is well formed. */
function entryProblem(entry: Record<string, unknown>, isTopic: boolean): string | undefined {
  if (typeof entry.id !== "string" || !SLUG.test(entry.id)) return "id must be a slug";
  if (typeof entry.name !== "string" || entry.name.trim() === "") return "name is missing";
  if (typeof entry.nameEn !== "string" || entry.nameEn.trim() === "") return "nameEn is missing";
  if (!isStringList(entry.aliases)) return "aliases must be a list of names";
  if (entry.description !== null && typeof entry.description !== "string") {
    return "description must be text or null";
  }
  if (isTopic && !KINDS.includes(entry.kind as TopicKind)) {
    return `kind must be one of ${KINDS.join(", ")}`;
  }
  return undefined;
}

function checkEntries(entries: unknown, label: "people" | "topics"): void {
  if (!Array.isArray(entries)) throw new Error(`taxonomy: "${label}" must be a list`);
  const seen = new Set<string>();
  entries.forEach((entry: Record<string, unknown>, i) => {
    const problem = entryProblem(entry ?? {}, label === "topics");
    if (problem) throw new Error(`taxonomy: ${label}[${i}]: ${problem}`);
    if (seen.has(entry.id as string)) throw new Error(`taxonomy: duplicate id "${entry.id}"`);
    seen.add(entry.id as string);
  });
}

/** Checks a parsed taxonomy file, so a typo in it fails loudly instead of linking nothing. */
export function checkTaxonomy(value: unknown): Taxonomy {
  const data = (value ?? {}) as Record<string, unknown>;
  checkEntries(data.people, "people");
  checkEntries(data.topics, "topics");
  return data as unknown as Taxonomy;
}

export async function loadTaxonomy(path = taxonomyPath): Promise<Taxonomy> {
  return checkTaxonomy(JSON.parse(await readFile(path, "utf8")));
}
