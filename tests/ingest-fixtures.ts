import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinker } from "../src/ingest/link.js";
import { decodePage, parsePage } from "../src/ingest/parse.js";
import { loadTaxonomy } from "../src/ingest/taxonomy.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The seed page, as copied into the repo, published on Friday 9 January 2026. */
export const seedPath = here("../data/pages/000_d6ebe4d0a221472b.txt");
export const seedDate = "2026-01-09";
export const seedText = () => decodePage(readFileSync(seedPath));
export const seedPage = () => parsePage(seedText());

/**
 * A second page in the seed's format: its story is the seed's Oreshnik teaser, told only in the
 * teaser's own sentences, and its read-more box lists the seed's main story.
 */
export const oreshnikPagePath = here("fixtures/oreshnik_page.txt");
export const oreshnikPageText = () => decodePage(readFileSync(oreshnikPagePath));

export const seedLinker = async () => createLinker(await loadTaxonomy());

/** A fresh folder under the system's temp dir: tests never write into the repo. */
export const tempDir = () => mkdtemp(join(tmpdir(), "news-ingest-"));

/** The command that runs the ingest CLI, from the repo root. */
export const repoRoot = here("..");
export const cliArgs = ["--import", "tsx", here("../src/ingest/cli.ts")];
