import { useGraphQlJit } from "@envelop/graphql-jit";
import { BREAK, Kind, visit, type DocumentNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { wholeNumberSetting } from "./settings.js";

/**
 * Runs of a document with graphql-js before graphql-jit compiles it. Compiling costs about five
 * runs of the home feed; a document seen once or twice (a GraphiQL edit, a one-off crawler
 * query, an attacker's unique alias) never pays that back. Mercurius's `jit` option counts the
 * same way.
 */
export const JIT_AFTER_RUNS = 2;

/** The JIT_AFTER_RUNS setting: unset takes the default, "off" never compiles, else a count. */
export function jitAfterRunsFromSetting(setting: string | undefined): number | "off" {
  if (setting === "off") return "off";
  return wholeNumberSetting("JIT_AFTER_RUNS", setting, 0, '"off"') ?? JIT_AFTER_RUNS;
}

/**
 * graphql-jit for documents that repeat. Runs are counted per parsed document, and the compiled
 * query lives beside the document in the plugin's WeakMap: both last exactly as long as yoga's
 * parse cache (an LRU of 1,024 documents) keeps the document, so unique documents cannot grow
 * memory. `runsBeforeCompiling` 0 compiles on first sight (the bench compares the two).
 * Documents with @defer or @stream never compile: graphql-jit would answer them whole, and the
 * defer-stream plugin's executor must run them to send their parts. Nor do subscriptions:
 * graphql-jit's subscribe would replace the one that runs each event with a context of its own
 * (live/events.ts).
 */
export function useJitForRepeatedDocuments(runsBeforeCompiling: number): Plugin {
  const runs = new WeakMap<DocumentNode, number>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => {
        const seen =
          runs.get(document) ??
          (deliversIncrementally(document) || subscribes(document) ? NEVER : 0);
        if (seen === NEVER || seen < runsBeforeCompiling) {
          runs.set(document, seen === NEVER ? NEVER : seen + 1);
          return false;
        }
        return true;
      },
    },
  ) as Plugin;
}

/** The run count of a document that never compiles. */
const NEVER = -1;

/** Whether a document holds a subscription: one document, one operation, as yoga runs them. */
const subscribes = (document: DocumentNode): boolean =>
  document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.operation === "subscription",
  );

/** Whether a document asks for incremental delivery (@defer or @stream anywhere in it). */
function deliversIncrementally(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(directive) {
      if (directive.name.value !== "defer" && directive.name.value !== "stream") return;
      found = true;
      return BREAK;
    },
  });
  return found;
}
