import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ArticlePageDocument,
  createNewsClient,
  HomeFeedDocument,
  NewsClientError,
  type ArticleCardFragment,
  type NewsErrorCode,
  type RelatedReasonKind,
} from "../src/client/index.js";

const fixture = fileURLToPath(new URL("./fixtures/client-usage.ts", import.meta.url));

/**
 * Type-checks the fixture with the project's tsconfig, its text optionally rewritten first.
 * Later programs reuse the first one's unchanged files (the SDK, lib.d.ts): a check is then fast.
 */
let firstProgram: ts.Program | undefined;
function typeCheck(rewrite: (text: string) => string = (text) => text) {
  const configPath = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  const { options } = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => (path === fixture ? rewrite(readFile(path)!) : readFile(path));
  const program = ts.createProgram([fixture], options, host, firstProgram);
  firstProgram ??= program;
  const source = program.getSourceFile(fixture)!;
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ({
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start!).line + 1 : 0,
    code: `TS${d.code}`,
    message: ts.flattenDiagnosticMessageText(d.messageText, " "),
  }));
  return { program, source, diagnostics };
}

/** The @ts-expect-error lines of the fixture: the line they guard and the TS code they name. */
function expectedErrors(text: string) {
  return text.split("\n").flatMap((line, index) => {
    const match = line.match(/@ts-expect-error (TS\d+)/);
    return match ? [{ line: index + 2, code: match[1]! }] : [];
  });
}

describe("a frontend file using the SDK (tests/fixtures/client-usage.ts)", () => {
  let original: ReturnType<typeof typeCheck> | undefined;
  const asWritten = () => (original ??= typeCheck());

  it("compiles, importing the client by the package name news-graph/client", () => {
    expect(asWritten().diagnostics).toEqual([]);
  });

  it("fails to compile on each wrong field and wrong variable, with the error named beside it", () => {
    const text = ts.sys.readFile(fixture)!;
    const expected = expectedErrors(text);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    // Without the @ts-expect-error comments (kept as blank lines, so line numbers hold), each
    // guarded line fails with exactly the error its comment names, and nothing else fails.
    const { diagnostics } = typeCheck((t) =>
      t
        .split("\n")
        .map((line) => (line.includes("@ts-expect-error") ? "" : line))
        .join("\n"),
    );
    expect(diagnostics.map(({ line, code }) => ({ line, code }))).toEqual(expected);
  });

  it("infers every value of its article page function, with no any anywhere", () => {
    const { program, source } = asWritten();
    const checker = program.getTypeChecker();
    const page = source.statements.find(
      (s) => ts.isFunctionDeclaration(s) && s.name?.text === "mainStoryPage",
    )!;
    const anys: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
        const type = checker.getTypeAtLocation(node);
        if (type.flags & ts.TypeFlags.Any) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          anys.push(`${line + 1}: ${node.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(page);
    expect(anys).toEqual([]);
  });
});

describe("the client's types", () => {
  const client = createNewsClient({ url: "http://localhost/graphql" });

  it("resolve a request to the operation's data, field by field", () => {
    type Page = Awaited<ReturnType<typeof client.request<typeof ArticlePageDocument>>>;
    expectTypeOf<Page>().not.toBeAny();
    expectTypeOf<NonNullable<Page["article"]>["headline"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Page["article"]>["body"]>().toEqualTypeOf<string[]>();
    type Edge = NonNullable<Page["article"]>["related"]["edges"][number];
    expectTypeOf<Edge["score"]>().toEqualTypeOf<number>();
    expectTypeOf<Edge["reasons"][number]["kind"]>().toEqualTypeOf<RelatedReasonKind>();
    expectTypeOf<Edge["node"]>().toExtend<ArticleCardFragment>();
    expectTypeOf<Page["article"]>().toExtend<object | null>();
    expectTypeOf<null>().toExtend<Page["article"]>();
  });

  it("take the operation's variables, optional only when every one is", () => {
    expectTypeOf(client.request<typeof ArticlePageDocument>)
      .parameter(1)
      .toEqualTypeOf<{
        slug: string;
        relatedFirst?: number | null;
        relatedAfter?: string | null;
      }>();
    expectTypeOf(client.request<typeof HomeFeedDocument>)
      .parameter(1)
      .toEqualTypeOf<{ first?: number | null; after?: string | null } | undefined>();
  });

  it("name every error code the API returns", () => {
    expectTypeOf<NewsErrorCode>().toEqualTypeOf<
      | "BAD_USER_INPUT"
      | "INTERNAL_SERVER_ERROR"
      | "QUERY_TOO_DEEP"
      | "TOO_MANY_ALIASES"
      | "TOO_MANY_DIRECTIVES"
      | "CSRF_HEADER_REQUIRED"
      | "QUERY_TOO_COSTLY"
      | "PERSISTED_QUERY_ONLY"
      | "PERSISTED_QUERY_NOT_FOUND"
      | "PERSISTED_QUERY_ID_REQUIRED"
      | "BAD_REQUEST"
      | "GRAPHQL_PARSE_FAILED"
      | "GRAPHQL_VALIDATION_FAILED"
      | "OPERATION_RESOLUTION_FAILURE"
      | "REQUEST_ENTITY_TOO_LARGE"
      | "STORE_UNAVAILABLE"
    >();
    expectTypeOf<NewsClientError["codes"]>().toEqualTypeOf<NewsErrorCode[]>();
    expectTypeOf<NewsClientError["status"]>().toEqualTypeOf<number>();
  });
});
