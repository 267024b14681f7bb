import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { LIMITS } from "../src/limits.js";
import { schema } from "../src/schema/index.js";
import { query, testApp, type GraphQLResponse } from "./helpers.js";

/** The seed of every request below: the same seed sends the same requests (FUZZ_SEED to vary). */
const SEED = Number(process.env.FUZZ_SEED ?? 20260109);
/** Requests through app.fetch, then through a real listening server. */
const IN_PROCESS = 2000;
const OVER_HTTP = 300;

const MAIN_SLUG = "zaym-kwrya-alshmalya-ytahd-tqdym-dam-ghyr-mshrwt-lsyasat-bwtyn";

/** Every status a response may have: a GraphQL answer, or a request refused for its shape. */
const STATUSES = new Set([200, 400, 403, 405, 406, 413, 415]);

/** mulberry32: a small seeded PRNG. */
class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Real slugs, global ids and cursors of the embedded store, for requests that almost fit. */
interface Pool {
  slugs: string[];
  ids: string[];
  cursors: string[];
}

// ---------------------------------------------------------------- values

const ARABIC = [..."ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى"];
const MARKS = [..."\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640٠١٢٣٤٥٦٧٨٩،؛؟"];
const CONTROL = [
  ..."\u0000\u0001\u0007\b\t\n\v\f\r\u001b\u007f\u0085\u200b\u200e\u200f\u202a\u202e\u2028\u2029\ufeff\ufffd",
];
const QUOTES = [..."\"'«»“”‘’`\\{}[]$#@!():"];
const ODD = ["\ud800", "\udfff", "😀", "ﷺ", " ", "  ", "لا", "بوتين", "كوريا", '"دعم غير مشروط"'];

/** Arabic letters mixed with diacritics, control characters, quotes and odd code points. */
function text(r: Random, length = r.chance(0.05) ? r.int(450, 700) : r.int(0, 24)): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const roll = r.next();
    out += r.pick(
      roll < 0.6 ? ARABIC : roll < 0.7 ? MARKS : roll < 0.8 ? CONTROL : roll < 0.9 ? QUOTES : ODD,
    );
  }
  return out;
}

const INTS = [
  0,
  1,
  -1,
  20,
  99,
  100,
  101,
  1000,
  -100,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e21,
  -1e21,
  1.5,
];
const int = (r: Random): number => (r.chance(0.7) ? r.pick(INTS) : r.int(-1e9, 1e9));

const DATES = [
  "2026-01-09T00:00:00Z",
  "2026-01-09T00:00:00+03:00",
  "2026-01-09T00:00:00.123456789-12:00",
  "2026-01-09T00:00:00",
  "2026-01-09",
  "2026-02-30T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-01-09T25:61:61Z",
  "+275760-09-13T00:00:00Z",
  "-271821-04-20T00:00:00Z",
  "+999999-01-01T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "1970-01-01T00:00:00.000Z",
  "2026-01-09T00:00:00ZZ",
  "٢٠٢٦-٠١-٠٩T00:00:00Z",
  "now",
  "",
];
const date = (r: Random): string => (r.chance(0.8) ? r.pick(DATES) : text(r));

const base64 = (s: string) => Buffer.from(s).toString("base64");
const base64url = (s: string) => Buffer.from(s).toString("base64url");

const SLUGS = ["", "__proto__", "constructor", "toString", "hasOwnProperty", "../../etc/passwd"];
const slug = (r: Random, pool: Pool): string =>
  r.chance(0.5) ? r.pick(pool.slugs) : r.chance(0.5) ? r.pick(SLUGS) : text(r);

/** A global id: a real one, a truncated one, or base64 of another type, a prototype key or noise. */
function globalId(r: Random, pool: Pool): string {
  const real = r.pick(pool.ids);
  const type = r.pick(["Article", "Topic", "Person", "Node", "Query", "__proto__", "constructor"]);
  return r.pick([
    () => real,
    () => real.slice(0, r.int(0, real.length)),
    () => base64(`${type}:${r.chance(0.5) ? r.pick(pool.slugs) : text(r)}`),
    () => base64(text(r)),
    () => base64(`Article:${"x".repeat(r.int(0, 3000))}`),
    () => text(r),
    () => r.pick(["", "=", "====", "%%", ":", base64(":"), base64("Article:")]),
  ])();
}

/** A cursor: a real one, a mangled one, or base64 of keys of the wrong shape. */
function cursor(r: Random, pool: Pool): string {
  const real = r.pick(pool.cursors);
  const keys = [
    () => ({ publishedAt: date(r), id: text(r) }),
    () => ({ publishedAt: int(r), id: null }),
    () => ({ publishedAt: {}, id: [] }),
    () => ({ __proto__: { publishedAt: "x", id: "y" } }),
    () => [date(r), text(r)],
    () => text(r),
    () => int(r),
    () => null,
  ];
  return r.pick([
    () => real,
    () => real.slice(0, r.int(0, real.length)) + r.pick(["", "=", "A", "_", "-"]),
    () => base64url(JSON.stringify(r.pick(keys)())),
    () => base64(`arrayconnection:${int(r)}`),
    () => Buffer.from(Array.from({ length: r.int(0, 40) }, () => r.int(0, 255))).toString("base64"),
    () => text(r),
  ])();
}

/** A value of the wrong type for whatever it is passed as. */
const wrongValue = (r: Random): unknown =>
  r.pick([123, -1.5, "wrong", true, {}, [], { a: 1 }, [[["deep"]]], ""]);

/** A value for an input type: mostly of that type, by the argument's name where it matters. */
function inputValue(r: Random, type: GraphQLInputType, name: string, pool: Pool): unknown {
  if (isNonNullType(type)) return definedValue(r, type.ofType, name, pool);
  return r.chance(0.08) ? null : definedValue(r, type, name, pool);
}

function definedValue(r: Random, type: GraphQLInputType, name: string, pool: Pool): unknown {
  if (isNonNullType(type)) return definedValue(r, type.ofType, name, pool);
  if (isListType(type)) {
    const length = r.chance(0.1) ? r.int(95, 130) : r.int(0, 4);
    return Array.from({ length }, () => inputValue(r, type.ofType, name, pool));
  }
  if (isEnumType(type)) {
    return r.chance(0.9) ? r.pick(type.getValues()).name : r.pick(["RANDOM", "published_at_desc"]);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(() => r.chance(0.5));
    return Object.fromEntries(fields.map((f) => [f.name, inputValue(r, f.type, f.name, pool)]));
  }
  switch (type.name) {
    case "Int":
      return int(r);
    case "ID":
      return globalId(r, pool);
    case "DateTime":
      return date(r);
    case "Boolean":
      return r.chance(0.5);
    case "Float":
      return r.next() * 1e6;
  }
  if (["slug", "person", "topic"].includes(name)) return slug(r, pool);
  if (["after", "before"].includes(name)) return cursor(r, pool);
  return text(r);
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A value as a GraphQL literal: enums bare, strings JSON-escaped (valid GraphQL escapes). */
function literal(value: unknown, type?: GraphQLInputType): string {
  const named = type && getNamedType(type);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) {
    const item = type && isNonNullType(type) ? type.ofType : type;
    const of = item && isListType(item) ? item.ofType : undefined;
    return `[${value.map((v) => literal(v, of)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`);
    return `{ ${entries.join(", ")} }`;
  }
  if (typeof value === "string" && named && isEnumType(named) && NAME.test(value)) return value;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

// ---------------------------------------------------------------- documents

interface Build {
  r: Random;
  pool: Pool;
  definitions: string[];
  variables: Record<string, unknown>;
  aliases: number;
  maxDepth: number;
}

/** A field's arguments, each inline or as a variable; required ones almost always given. */
function argumentsOf(b: Build, field: GraphQLField<unknown, unknown>): string {
  const parts: string[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type);
    if (required ? b.r.chance(0.01) : !b.r.chance(0.35)) continue;
    const value = b.r.chance(0.04) ? wrongValue(b.r) : inputValue(b.r, arg.type, arg.name, b.pool);
    if (b.r.chance(0.5)) {
      const name = `v${b.definitions.length}`;
      b.definitions.push(`$${name}: ${b.r.chance(0.02) ? "String" : String(arg.type)}`);
      if (!b.r.chance(0.03)) b.variables[name] = value;
      parts.push(`${arg.name}: $${name}`);
    } else {
      parts.push(`${arg.name}: ${literal(value, arg.type)}`);
    }
  }
  return parts.length ? `(${parts.join(", ")})` : "";
}

function directive(b: Build): string {
  if (!b.r.chance(0.04)) return "";
  if (b.r.chance(0.2)) return b.r.pick([" @deprecated", " @unknown", " @include", " @skip(if: 1)"]);
  const name = `v${b.definitions.length}`;
  b.definitions.push(`$${name}: Boolean!`);
  b.variables[name] = b.r.chance(0.9) ? b.r.chance(0.5) : "yes";
  return ` @${b.r.pick(["include", "skip"])}(if: $${name})`;
}

/** A random selection of a type's fields; object fields recurse until `maxDepth`. */
function selectionSet(b: Build, type: GraphQLObjectType | GraphQLInterfaceType, depth: number) {
  const fields = Object.values(type.getFields());
  const used = new Set<string>();
  const parts: string[] = [];
  for (let i = b.r.int(1, 4); i > 0; i--) {
    const field = b.r.pick(fields);
    const named = getNamedType(field.type);
    if (!isLeafType(named) && depth >= b.maxDepth) {
      parts.push("__typename");
      continue;
    }
    const alias = used.has(field.name) || b.r.chance(0.05) ? `a${b.aliases++}: ` : "";
    used.add(field.name);
    const head = `${alias}${field.name}${argumentsOf(b, field)}${directive(b)}`;
    if (isLeafType(named)) parts.push(head);
    else if (isObjectType(named)) parts.push(`${head} ${selectionSet(b, named, depth + 1)}`);
    else if (isInterfaceType(named))
      parts.push(`${head} ${abstractSelection(b, named, depth + 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

/** A selection on an interface: __typename, the shared id, and fragments on some of its types. */
function abstractSelection(b: Build, type: GraphQLInterfaceType, depth: number): string {
  const fragments = schema
    .getPossibleTypes(type)
    .filter(() => b.r.chance(0.5))
    .map((t) => `... on ${t.name} ${selectionSet(b, t, depth)}`);
  return `{ __typename ${b.r.chance(0.5) ? "id " : ""}${fragments.join(" ")} }`;
}

/** A request built from the schema: a query document, its variables and an operation name. */
function generatedRequest(r: Random, pool: Pool) {
  const b: Build = { r, pool, definitions: [], variables: {}, aliases: 0, maxDepth: r.int(1, 9) };
  const selection = selectionSet(b, schema.getQueryType()!, 1);
  const header = b.definitions.length ? `(${b.definitions.join(", ")})` : "";
  let document = `query Fuzz${header} ${selection}`;
  if (r.chance(0.03)) document += r.pick([" query Other { __typename }", " mutation { x }", " {"]);
  if (r.chance(0.05)) b.variables[`extra${r.int(0, 9)}`] = wrongValue(r);
  const operationName = r.chance(0.9) ? "Fuzz" : r.pick([null, "Other", "", "fuzz"]);
  return { query: document, variables: b.variables, operationName };
}

// ---------------------------------------------------------------- requests

/** One request to send: a label to report it by, and its RequestInit (made fresh per send). */
interface Shot {
  label: string;
  path: string;
  init: () => RequestInit;
}

const JSON_ACCEPTS = [
  "application/graphql-response+json",
  "application/json",
  "application/graphql-response+json, application/json;q=0.9",
];
const ACCEPTS = [...JSON_ACCEPTS, "*/*", undefined];
/** An Accept header; now and then one that takes no JSON at all. */
const accept = (r: Random) => (r.chance(0.03) ? "application/xml" : r.pick(ACCEPTS));

const withAccept = (type: string | undefined): Record<string, string> =>
  type ? { accept: type } : {};

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

function post(
  r: Random,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
  label = typeof body === "string" ? body : `bytes ${Buffer.from(body).toString("hex")}`,
): Shot {
  const all = { "content-type": "application/json", ...withAccept(accept(r)), ...headers };
  return {
    label: `POST ${JSON.stringify(all)} ${clip(label)}`,
    path: "/graphql",
    init: () => ({ method: "POST", headers: all, body }),
  };
}

function get(r: Random, search: string): Shot {
  // Not */* nor none: a GET that accepts HTML gets GraphiQL, which is no GraphQL response.
  const type = r.chance(0.03) ? "application/xml" : r.pick(JSON_ACCEPTS);
  return {
    label: `GET ${type} /graphql?${clip(search)}`,
    path: `/graphql?${search}`,
    init: () => ({ headers: { accept: type } }),
  };
}

/** Pads a body with Arabic (two bytes a letter) to within a few bytes of `bytes`. */
function paddedTo(bytes: number, r: Random): string {
  const shell = (padding: string) =>
    JSON.stringify({ query: "{ __typename }", variables: { padding } });
  const room = bytes - Buffer.byteLength(shell(""));
  return shell(
    "ب".repeat(Math.floor(room / 2)) + "x".repeat(room % 2 ? 1 : 0) + "y".repeat(r.int(0, 2)),
  );
}

const TYPENAME = JSON.stringify({ query: "{ __typename }" });

/** Requests that are not well-formed GraphQL-over-HTTP, each family a function of the PRNG. */
const malformed: ((r: Random, pool: Pool) => Shot)[] = [
  (r, pool) => {
    const body = JSON.stringify(generatedRequest(r, pool));
    return post(r, body.slice(0, r.int(0, body.length - 1)));
  },
  (r) =>
    post(
      r,
      JSON.stringify({ query: r.pick([1, -1e308, true, null, [], ["{ a }"], { a: 1 }, ""]) }),
    ),
  (r) =>
    post(
      r,
      JSON.stringify({
        query: "query($s: String!) { article(slug: $s) { id } }",
        variables: r.pick(["{}", "", 1, true, [], [{}], null, { s: null }, { s: 1 }, { s: [] }]),
      }),
    ),
  (r) =>
    post(
      r,
      JSON.stringify({
        query: "query A { __typename } query B { __typename }",
        operationName: r.pick([null, 1, "C", "", ["A"], {}, "A B", "A"]),
        extensions: r.pick([undefined, null, 1, "x", [], {}, { persistedQuery: { version: 1 } }]),
        ...(r.chance(0.3) && { unknown: true }),
      }),
    ),
  (r) =>
    post(
      r,
      r.pick([
        "",
        "null",
        "[]",
        "42",
        "true",
        "{}",
        '"{ __typename }"',
        `[${TYPENAME}]`,
        `[${Array(50).fill(TYPENAME).join(",")}]`,
        `${TYPENAME} trailing`,
        `\ufeff${TYPENAME}`,
        '{"query":"{ __typename }","query":"{ nope }"}',
        "{'query': '{ __typename }'}",
        '{"query":"{ __typename }","variables":{"__proto__":{"polluted":true}}}',
      ]),
    ),
  (r) => {
    const n = r.int(1000, 6000);
    return post(
      r,
      r.chance(0.5)
        ? "[".repeat(5 * n) + "]".repeat(5 * n)
        : `{"query":"query($f: ArticleFilter) { articles(filter: $f) { totalCount } }","variables":{"f":${'{"person":'.repeat(n)}"x"${"}".repeat(n)}}}`,
      {},
      `JSON nested ${n} deep`,
    );
  },
  (r) => {
    const n = r.int(100, 20000);
    const q = r.pick([
      "{ a".repeat(n),
      `{ nodes(ids: ${"[".repeat(n)}"x"${"]".repeat(n)}) { id } }`,
      `{ ${"__typename ".repeat(r.int(900, 1100))}}`,
      `{ ${Array.from({ length: r.int(10, 20) }, (_, i) => `a${i}: __typename`).join(" ")} }`,
      `{ __typename ${"@include(if: true) ".repeat(r.int(40, 60))}}`,
    ]);
    return post(
      r,
      JSON.stringify({ query: q }),
      {},
      `query of ${q.length} chars: ${q.slice(0, 60)}`,
    );
  },
  (r) => {
    const bytes = Array.from({ length: r.int(1, 200) }, () => r.int(0, 255));
    const inner = [0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80];
    const body = r.chance(0.5)
      ? Uint8Array.from(bytes)
      : Uint8Array.from([
          ...Buffer.from('{"query":"{ search(query: \\"'),
          ...inner,
          ...Buffer.from('\\") { totalCount } }"}'),
        ]);
    return post(r, body);
  },
  (r) => {
    const bytes = LIMITS.bodyBytes + r.int(-40, 40);
    return post(r, paddedTo(bytes, r), {}, `body of about ${bytes} bytes`);
  },
  (r) => {
    const words = "كوريا بوتين صاروخ ".repeat(r.int(1, 3300)).slice(0, r.int(1, 60000));
    const body = JSON.stringify({
      query: `{ search(query: ${JSON.stringify(words)}) { totalCount } }`,
    });
    return post(r, body, {}, `search of ${words.length} chars, ${Buffer.byteLength(body)} bytes`);
  },
  (r) => {
    const type = r.pick([
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/graphql",
      "application/json; charset=latin1",
      "application/json; charset=utf-16",
      "",
    ]);
    const body = type.startsWith("application/x-www") ? "query=%7B__typename%7D" : TYPENAME;
    const csrf: Record<string, string> = r.chance(0.5) ? { "x-graphql-yoga-csrf": "1" } : {};
    return post(r, body, { "content-type": type, ...csrf });
  },
  (r) => {
    const method = r.pick(["PUT", "DELETE", "PATCH"]);
    return {
      label: `${method} ${TYPENAME}`,
      path: "/graphql",
      init: () => ({ method, headers: { "content-type": "application/json" }, body: TYPENAME }),
    };
  },
  (r) =>
    get(
      r,
      r.pick([
        "",
        "query=",
        "query=%7B",
        "query=%7B__typename%7D&variables=%5B%5D",
        "query=%7B__typename%7D&variables=x",
        "query=%7B__typename%7D&variables=%7B",
        "query=%7B__typename%7D&extensions=x",
        "query=%7B__typename%7D&extensions=%22x%22",
        "query=mutation%7B__typename%7D",
        "query=%7B__typename%7D&query=%7Bnope%7D",
        "%ff%fe=1",
        "query=%ff%fe",
        `query=${encodeURIComponent(`{ search(query: ${JSON.stringify(text(r))}) { totalCount } }`)}`,
      ]),
    ),
];

/** The i-th request of a seeded run: mostly generated queries, a third malformed ones. */
function shot(r: Random, pool: Pool): Shot {
  if (r.chance(0.3)) return r.pick(malformed)(r, pool);
  const request = generatedRequest(r, pool);
  if (r.chance(0.15)) {
    const params = new URLSearchParams({
      query: request.query,
      variables: JSON.stringify(request.variables),
    });
    // Longer URLs than this meet node's 16 kB header limit (431) before they reach yoga.
    if (params.toString().length < 8000) return get(r, params.toString());
  }
  return post(r, JSON.stringify(request));
}

// ---------------------------------------------------------------- checks

/** Anything that looks like a stack frame or a path of the server. */
const LEAKS = [
  /\n\s+at /,
  /\(\S+:\d+:\d+\)/,
  /\.[cm]?[tj]s:\d+/,
  /file:\/\//,
  /\/work\//,
  /node_modules/,
];

/** A variable-coercion error: graphql-js gives it no code (see src/errors.ts). */
const VARIABLE_ERROR = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*"/;

/** What is wrong with a response, if anything. */
function problems(status: number, text: string): string[] {
  const found: string[] = [];
  if (!STATUSES.has(status)) found.push(`status ${status}`);
  // yoga refuses a client that accepts no JSON (406) and a body that is neither JSON nor a form
  // (415) at the HTTP level, with an empty body, as the spec allows.
  if ((status === 406 || status === 415) && text === "") return found;
  for (const leak of LEAKS) if (leak.test(text)) found.push(`leaks ${leak}: ${clip(text)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...found, `not JSON: ${clip(text)}`];
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [...found, `not a JSON object: ${clip(text)}`];
  }
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (data === undefined && errors === undefined) found.push(`neither data nor errors`);
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) return [...found, `errors is not a list`];
    for (const error of errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
      if (typeof error.message !== "string") found.push(`an error without a message`);
      else if (typeof error.extensions?.code !== "string" && !VARIABLE_ERROR.test(error.message)) {
        found.push(`an error without a code: ${clip(error.message)}`);
      }
      if (error.extensions?.code === "INTERNAL_SERVER_ERROR") found.push(`an internal error`);
    }
  }
  return found;
}

interface Tally {
  /** Responses with data and no error at all: generated queries that ran through. */
  clean: number;
  statuses: Map<number, number>;
  codes: Map<string, number>;
  problems: string[];
}

const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** Sends every shot, eight at a time, and checks each response. */
async function storm(
  send: (shot: Shot) => Response | Promise<Response>,
  shots: Shot[],
  tally: Tally,
): Promise<void> {
  for (let i = 0; i < shots.length; i += 8) {
    await Promise.all(
      shots.slice(i, i + 8).map(async (shot) => {
        let response: Response;
        try {
          response = await send(shot);
        } catch (error) {
          tally.problems.push(`${shot.label}: no response (${String(error)})`);
          return;
        }
        const text = await response.text();
        count(tally.statuses, response.status);
        try {
          const body = JSON.parse(text);
          const errors = (body.errors ?? []) as { extensions?: { code?: string } }[];
          if (body.data && errors.length === 0) tally.clean++;
          for (const e of errors) count(tally.codes, e.extensions?.code ?? "(none)");
        } catch {
          // problems() reports it.
        }
        for (const problem of problems(response.status, text)) {
          tally.problems.push(`${shot.label}: ${problem}`);
        }
      }),
    );
  }
}

const newTally = (): Tally => ({ clean: 0, statuses: new Map(), codes: new Map(), problems: [] });

const report = (tally: Tally) =>
  `${tally.problems.length} problems (seed ${SEED}):\n${tally.problems.slice(0, 20).join("\n")}`;

// ---------------------------------------------------------------- tests

/** The main story as an article page; `name` makes each run a new document, never a cached answer. */
const mainQuery = (name: string) => `query ${name}($slug: String!) {
  article(slug: $slug) {
    id slug headline bodyAvailable publishedAt topics { slug } people { slug }
    related(first: 4) { totalCount edges { node { slug } } }
  }
}`;

const stats = (name: string, tally: Tally) => {
  if (!process.env.FUZZ_STATS) return;
  const sorted = <K>(map: Map<K, number>) =>
    Object.fromEntries([...map].sort((a, b) => b[1] - a[1]));
  console.log(name, {
    clean: tally.clean,
    statuses: sorted(tally.statuses),
    codes: sorted(tally.codes),
  });
};

let app: App;
let server: Server;
let url: string;
let pool: Pool;
let before: GraphQLResponse;
beforeAll(async () => {
  // As production runs: introspection off, the response cache on (it keeps answers from a
  // request's second sighting, so the storms below run their shots twice).
  ({ app } = await testApp({ mode: "production", responseCache: true }));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lists = await query(
    app,
    `{ articles(first: 100) { edges { cursor node { id slug } } }
       topics(first: 100) { edges { cursor node { id slug } } }
       people(first: 100) { edges { cursor node { id slug } } } }`,
  );
  type Edge = { cursor: string; node: { id: string; slug: string } };
  const edges: Edge[] = Object.values(lists.data as Record<string, { edges: Edge[] }>).flatMap(
    (list) => list.edges,
  );
  pool = {
    slugs: edges.map((e) => e.node.slug),
    ids: edges.map((e) => e.node.id),
    cursors: edges.map((e) => e.cursor),
  };
  before = await query(app, mainQuery("Before"), { slug: MAIN_SLUG });
});
afterAll(() => server.close());

describe("a storm of generated and malformed requests", () => {
  it(`gets a well-formed GraphQL response to each of ${IN_PROCESS} through app.fetch`, async () => {
    const r = new Random(SEED);
    const shots = Array.from({ length: IN_PROCESS }, () => shot(r, pool));
    const tally = newTally();
    for (let pass = 0; pass < 2; pass++) {
      await storm((s) => app.fetch(`http://localhost${s.path}`, s.init()), shots, tally);
    }
    stats("app.fetch", tally);
    expect(tally.problems, report(tally)).toEqual([]);
    expect(tally.clean, "generated queries that ran through").toBeGreaterThan(IN_PROCESS / 10);
  }, 120_000);

  it(`gets a well-formed GraphQL response to each of ${OVER_HTTP} over a real socket`, async () => {
    const r = new Random(SEED + 1);
    const shots = Array.from({ length: OVER_HTTP }, () => shot(r, pool));
    const tally = newTally();
    for (let pass = 0; pass < 2; pass++) {
      await storm((s) => fetch(`${url}${s.path}`, s.init()), shots, tally);
    }
    stats("http", tally);
    expect(tally.problems, report(tally)).toEqual([]);
  }, 120_000);

  it("leaves the main story answering as before, in process and over the socket", async () => {
    expect(before.errors).toBeUndefined();
    expect(before.data.article.slug).toBe(MAIN_SLUG);
    expect(await query(app, mainQuery("AfterInProcess"), { slug: MAIN_SLUG })).toEqual(before);
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: mainQuery("AfterOverHttp"), variables: { slug: MAIN_SLUG } }),
    });
    expect({ status: response.status, ...(await response.json()) }).toEqual(before);
  });
});
