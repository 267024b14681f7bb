import { EnvelopArmor } from "@escape.tech/graphql-armor";
import { complexityFromQuery, type FieldComplexityValue } from "@pothos/plugin-complexity";
import {
  getNamedType,
  visit,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ErrorCode } from "./errors.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./schema/paging.js";

/**
 * Every bound a request must stay within, checked before any resolver runs. The README's
 * "Security and limits" section explains each one; change them here.
 */
export const LIMITS = {
  /**
   * Nesting of fields. The SDK's pages reach 6 (topic → articles → edges → node → topics → name);
   * a list of articles with each one's related stories and the people they share reaches 8.
   */
  depth: 8,
  /** Aliases in one document: enough for a page that asks for a few lists side by side. */
  aliases: 15,
  /** Directives in one document. */
  directives: 50,
  /** Lexical tokens in one document: the SDK's largest query has about 200. */
  tokens: 1000,
  /** Query cost, in objects the response may hold (see `fieldCost`). */
  cost: 5000,
  /**
   * Errors in the answer to an invalid document: graphql-js would list up to 100, and a small
   * document full of mistakes would amplify into a large answer.
   */
  validationErrors: 10,
  /** Bytes of a request body: the largest SDK query plus a 5,000-character Arabic search, with room. */
  bodyBytes: 64 * 1024,
  /**
   * Open subscription streams (SSE) per client address: a newsroom behind one NAT has dozens of
   * tabs open, a script opening hundreds is a mistake or an attack. The address is the peer's, or
   * X-Forwarded-For's when the peer is one of TRUSTED_PROXIES.
   */
  streamsPerClient: 100,
  /** Open subscription streams per server process: each holds a socket and a little memory. */
  streamsPerProcess: 10_000,
  /**
   * Store writes a stream may have waiting while its client does not read (each write is one
   * entry of the change log): past this the stream is closed with STREAM_TOO_SLOW, so a client
   * that stops reading costs a bounded amount of memory. An ingest is one write, however many
   * stories it brings.
   */
  streamBacklog: 100,
} as const;

/** The items a plain (non-connection) list of objects is assumed to hold. */
const LIST_SIZE = 10;

const isList = (type: GraphQLOutputType): boolean =>
  isListType(type) || (isNonNullType(type) && isListType(type.ofType));

/**
 * The cost of one field, after GitHub's: every object the response may hold costs 1, scalars
 * cost nothing, and a field multiplies what is below it by how many items it may return: a
 * connection by its page size (first or last, 20 by default), `nodes` by its ids, another list
 * of objects by LIST_SIZE. A connection's `edges` add nothing: the page size counted them.
 */
export function fieldCost<Context>(
  args: Record<string, unknown>,
  _context: Context,
  field: GraphQLField<unknown, Context>,
): FieldComplexityValue {
  if (isLeafType(getNamedType(field.type))) return { field: 0, multiplier: 1 };
  if (field.args.some((arg) => arg.name === "first")) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
    return { field: 1, multiplier: Math.min(Math.max(size, 0), MAX_PAGE_SIZE) };
  }
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  if (field.name === "edges") return { field: 0, multiplier: 1 };
  return { field: 1, multiplier: isList(field.type) ? LIST_SIZE : 1 };
}

/**
 * The operation a request runs, its variables coerced, and its cost; or the variable errors.
 * Coercing here also keeps graphql-jit's answer to bad variables what graphql-js gives: a 400.
 */
function costOrVariableErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  raw: Record<string, unknown>,
  costsByDocument: CostMemo,
): { cost: number } | { errors: readonly GraphQLError[] } {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { cost: 0 };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
  if (coerced.errors) {
    const status = { http: { status: 400 } };
    return {
      errors: coerced.errors.map((e) => new GraphQLError(e.message, { ...e, extensions: status })),
    };
  }
  const costs = costsOf(document, costsByDocument);
  // Coerced values: a default applies to an absent variable, not to an explicit null.
  const values = coerced.coerced;
  const key = JSON.stringify([
    operationName,
    ...costs.variables.map((name) => (Object.hasOwn(values, name) ? values[name] : "absent")),
  ]);
  let cost = costs.byValues.get(key);
  if (cost === undefined) {
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
    // The raw values: complexityFromQuery coerces them itself (a coerced DateTime would not parse again).
    cost = complexityFromQuery(single, { schema, variables: raw }).complexity;
    if (costs.byValues.size >= MAX_COSTS_PER_DOCUMENT) costs.byValues.clear();
    costs.byValues.set(key, cost);
  }
  return { cost };
}

/** Arguments whose values change a cost: page sizes and id lists (see fieldCost), @skip/@include. */
const COST_ARGUMENTS = new Set(["first", "last", "ids", "if"]);
const MAX_COSTS_PER_DOCUMENT = 100;

/**
 * Each document's costs so far, by the values of the only variables that can change its cost.
 * Documents are parsed once and cached by yoga, so the same object comes back for the same text;
 * a cost is computed once per page size, not once per request.
 */
type CostMemo = WeakMap<DocumentNode, { variables: string[]; byValues: Map<string, number> }>;

function costsOf(document: DocumentNode, costsByDocument: CostMemo) {
  let costs = costsByDocument.get(document);
  if (!costs) {
    const variables = new Set<string>();
    visit(document, {
      Argument(argument) {
        if (!COST_ARGUMENTS.has(argument.name.value)) return;
        visit(argument.value, { Variable: (variable) => void variables.add(variable.name.value) });
      },
    });
    costs = { variables: [...variables].sort(), byValues: new Map() };
    costsByDocument.set(document, costs);
  }
  return costs;
}

const costError = (cost: number) =>
  new GraphQLError(
    `This query may return ${cost} objects; the limit is ${LIMITS.cost}. Ask for smaller pages (first/last) or fewer nested lists.`,
    {
      extensions: {
        code: "QUERY_TOO_COSTLY" satisfies ErrorCode,
        cost: { requested: cost, limit: LIMITS.cost },
        http: { status: 400 },
      },
    },
  );

/**
 * Refuses an operation whose variables do not coerce, or whose cost is over the limit, before it
 * executes, and reports the cost of
 * every accepted one in the response's extensions, so a client sees how close it is. Cost is
 * checked here rather than as a validation rule because it depends on the variables, and
 * validation results are cached per document.
 */
function useQueryCost(): Plugin {
  const costsByDocument: CostMemo = new WeakMap();
  /** The operation's cost, or why it may not run: variables that do not coerce, or too costly. */
  const checked = (args: ExecutionArgs): { cost: number } | { errors: readonly GraphQLError[] } => {
    const result = costOrVariableErrors(
      args.schema,
      args.document,
      args.operationName ?? undefined,
      (args.variableValues ?? {}) as Record<string, unknown>,
      costsByDocument,
    );
    if ("errors" in result || result.cost <= LIMITS.cost) return result;
    return { errors: [costError(result.cost)] };
  };
  return {
    // A subscription's selection is executed for every event: bounded as a query is.
    onSubscribe({ args, setResultAndStopExecution }) {
      const result = checked(args);
      if ("errors" in result) setResultAndStopExecution(result);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const result = checked(args);
      if ("errors" in result) {
        setResultAndStopExecution(result);
        return;
      }
      const { cost } = result;
      return {
        onExecuteDone({ result, setResult }) {
          if (!("data" in result)) return;
          setResult({
            ...result,
            extensions: { ...result.extensions, cost: { requested: cost, limit: LIMITS.cost } },
          });
        },
      };
    },
  };
}

/**
 * Armor throws its rejections out of the validation rule, which yoga then answers as a 200 with
 * no code; reporting them as validation errors gives a 400 and a code saying which limit.
 */
const reportAs = (code: ErrorCode) => ({
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ""), { extensions: { code } }),
      ),
  ],
});

/**
 * Stops validation at LIMITS.validationErrors errors. graphql-js adds its own "Too many
 * validation errors" error past `maxErrors`, so it gets one fewer.
 */
function useValidationErrorBound(): Plugin {
  const maxErrors = LIMITS.validationErrors - 1;
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, options, typeInfo) =>
        validateFn(schema, document, rules, { ...options, maxErrors }, typeInfo),
      );
    },
  };
}

/** The plugins that enforce LIMITS; field suggestions are blocked too where `hideSchema` is set. */
export function limitPlugins({ hideSchema }: { hideSchema: boolean }): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: LIMITS.depth, flattenFragments: true, ...reportAs("QUERY_TOO_DEEP") },
    // Armor lets __typename aliases through uncounted; every alias counts here, as documented.
    maxAliases: { n: LIMITS.aliases, allowList: [], ...reportAs("TOO_MANY_ALIASES") },
    maxDirectives: { n: LIMITS.directives, ...reportAs("TOO_MANY_DIRECTIVES") },
    // Tokens are counted while parsing, before validation: yoga answers GRAPHQL_PARSE_FAILED.
    maxTokens: { n: LIMITS.tokens },
    // The cost limit is ours: it multiplies by page sizes, which armor's does not know.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: hideSchema },
  });
  return [...(armor.protect().plugins as Plugin[]), useValidationErrorBound(), useQueryCost()];
}
