import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import RelayPlugin, { decodeGlobalID } from "@pothos/plugin-relay";
import type { Context } from "../context.js";
import { badUserInput } from "../errors.js";
import { fieldCost } from "../limits.js";

/** The types `node` can fetch; an id naming another type was not made here. */
const NODE_TYPES = new Set(["Article", "Topic", "Person"]);

function tryDecodeGlobalID(globalID: string) {
  try {
    return decodeGlobalID(globalID);
  } catch {
    return undefined;
  }
}

/** How many objects one `nodes` call may fetch. */
const MAX_NODES = 100;

/**
 * The one schema builder. It defines no types: each type file registers its own on it, and
 * schema/index.ts builds the schema from them.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: { DateTime: { Input: Date; Output: string } };
  Connection: { totalCount: number };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  // Fields are non-null unless they say otherwise: a frontend should not null-check a headline.
  defaultFieldNullability: false,
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  // Costs only: src/limits.ts checks them against the limit before execution, with the variables.
  complexity: { fieldComplexity: fieldCost },
  relay: {
    decodeGlobalID: (globalID) => {
      const decoded = tryDecodeGlobalID(globalID);
      if (!decoded || !NODE_TYPES.has(decoded.typename)) {
        throw badUserInput(`"${globalID}" is not a global id of this API.`);
      }
      return decoded;
    },
    edgesFieldOptions: { nullable: false, description: "The items of this page, in order." },
    nodeFieldOptions: { nullable: false, description: "The item at the end of this edge." },
    cursorFieldOptions: {
      description: "Opaque position of this edge; pass it as `after` or `before` to page on.",
    },
    pageInfoFieldOptions: { description: "Where this page sits in the whole list." },
    nodeTypeOptions: {
      description: "An object with a global id, which `node` and `nodes` can fetch again.",
    },
    pageInfoTypeOptions: { description: "Relay paging information for a connection." },
    hasNextPageFieldOptions: { description: "True when items follow this page." },
    hasPreviousPageFieldOptions: { description: "True when items precede this page." },
    startCursorFieldOptions: { description: "Cursor of the first edge of this page." },
    endCursorFieldOptions: { description: "Cursor of the last edge of this page." },
    firstArgOptions: {
      description: "Return the first n items (0 to 100; 20 when neither first nor last is given).",
    },
    lastArgOptions: { description: "Return the last n items (0 to 100)." },
    afterArgOptions: { description: "Return items after this cursor." },
    beforeArgOptions: { description: "Return items before this cursor." },
    idFieldOptions: { description: "Global id, opaque: use it with `node` and `nodes`." },
    nodeQueryOptions: {
      description: "Fetches any object by its global id; null when it no longer exists.",
      args: { id: { description: "A global id from an `id` field." } },
    },
    nodesQueryOptions: {
      description: "Fetches many objects by their global ids, in the same order; null for a miss.",
      args: { ids: { description: `Global ids from \`id\` fields, at most ${MAX_NODES}.` } },
      resolve: (_root, { ids }, _context, _info, resolveNodes) => {
        if (ids.length > MAX_NODES) {
          throw badUserInput(`"ids" takes at most ${MAX_NODES} ids; it had ${ids.length}.`);
        }
        return resolveNodes(ids);
      },
    },
    defaultConnectionTypeOptions: { description: "A page of a list, with paging information." },
    defaultEdgeTypeOptions: { description: "One item of a page and its cursor." },
  },
});

builder.queryType({ description: "Entry points for reading the news graph." });

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    nullable: false,
    description: "How many items the whole list holds, across all pages.",
    resolve: (connection) => connection.totalCount,
  }),
);
