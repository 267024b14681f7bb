import { writeFile } from "node:fs/promises";
import { format, resolveConfig } from "prettier";

/**
 * Writes a results file as the repo's prettier would format it, so a committed run passes
 * `npm run format:check` as it is.
 */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(JSON.stringify(value), { ...options, filepath: path }));
}
