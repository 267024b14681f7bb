import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../packages/client/", import.meta.url));
const consumer = fileURLToPath(new URL("./fixtures/consumer/strict-no-dom.ts", import.meta.url));

/** The diagnostics of the consumer fixture under strict settings, with no DOM or Node types. */
function typeCheckConsumer(resolution: "NodeNext" | "Bundler"): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts"],
    types: [],
    noEmit: true,
    module: resolution === "NodeNext" ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
    moduleResolution:
      resolution === "NodeNext"
        ? ts.ModuleResolutionKind.NodeNext
        : ts.ModuleResolutionKind.Bundler,
  };
  const program = ts.createProgram([consumer], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
}

describe("the @news-graph/client package", () => {
  it("publishes built ESM with types, side-effect free, with no dependency at all", async () => {
    const manifest = JSON.parse(await readFile(`${packageDir}package.json`, "utf8"));
    expect(manifest).toMatchObject({
      name: "@news-graph/client",
      type: "module",
      sideEffects: false,
      files: ["dist"],
      engines: { node: ">=20.19" },
      exports: {
        ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./persisted-documents.json": "./dist/persisted-documents.json",
      },
    });
    // Not even @graphql-typed-document-node/core: its peer, graphql, would come with it.
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    // Every import in the built JavaScript and types is one of the package's own files.
    const builtFiles = (await readdir(`${packageDir}dist`, { recursive: true })).filter((name) =>
      /\.(js|d\.ts)$/.test(name),
    );
    expect(builtFiles.length).toBeGreaterThanOrEqual(5);
    for (const name of builtFiles) {
      const code = await readFile(`${packageDir}dist/${name}`, "utf8");
      const specifiers = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom "([^"]+)"/gm)].map(
        (match) => match[1]!,
      );
      expect(
        specifiers.filter((specifier) => !specifier.startsWith("./")),
        name,
      ).toEqual([]);
    }
  });

  it("type-checks in a strict consumer with no DOM or Node types, under nodenext and bundler", () => {
    expect(typeCheckConsumer("NodeNext")).toEqual([]);
    expect(typeCheckConsumer("Bundler")).toEqual([]);
  });

  it("can be require()d by Node 20.19+ as well as imported", async () => {
    const script = `
      const sdk = require("@news-graph/client");
      const manifest = require("@news-graph/client/persisted-documents.json");
      console.log(typeof sdk.createNewsClient, sdk.ArticlePageDocument.__meta__.hash in manifest);`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    expect(stdout.trim()).toBe("function true");
  });

  it("sends the exact text its manifest hashes, with __typename in every selection set", async () => {
    const sdk = await import("@news-graph/client");
    const manifest: Record<string, string> = JSON.parse(
      await readFile(`${packageDir}dist/persisted-documents.json`, "utf8"),
    );
    const documents = [
      sdk.ArticlePageDocument,
      sdk.ArticlePublishedDocument,
      sdk.ArticleUpdatedDocument,
      sdk.HomeFeedDocument,
      sdk.PersonPageDocument,
      sdk.SearchPageDocument,
      sdk.TopicPageDocument,
    ];
    expect(documents.map((d) => manifest[d.__meta__!["hash"]])).toEqual(
      documents.map((d) => d.toString()),
    );
    for (const text of Object.values(manifest)) {
      // Every "{" opens a selection set (no literals here), and each begins with __typename, but
      // a subscription's root, which takes exactly one field.
      const roots = text.match(/\bsubscription \w+/) ? 1 : 0;
      expect(text.split("{").length - 1 - roots).toBe(text.split("{ __typename").length - 1);
    }
  });
});
