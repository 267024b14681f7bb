import { readdir, readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../codegen.js";

const root = resolve(import.meta.dirname, "..");
const generatedDir = resolve(root, "packages/client/src/generated");

describe("the SDK's generated files", () => {
  it("are what `npm run codegen` writes today, with no file left over", async () => {
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, cwd: root, silent: true },
      false,
    );
    const expected = new Map(
      outputs.map((output) => [relative(root, resolve(root, output.filename)), output.content]),
    );
    const committed = (await readdir(generatedDir)).map((name) =>
      relative(root, resolve(generatedDir, name)),
    );
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) {
      expect(
        await readFile(resolve(root, path), "utf8"),
        `${path} is stale: run npm run codegen`,
      ).toBe(content);
    }
  });
});
