/**
 * What the benchmark prints and writes: the tables, the ratios the issues' goals are stated in
 * (issue 7: against other servers and the raw limit; issue 11: what compiling with graphql-jit
 * costs a document seen once), and a hand-written SVG chart of req/s and CPU per request.
 */
import type { QueryName } from "./queries.js";

export const PASSES = ["repeated", "distinct", "unique"] as const;
export type Pass = (typeof PASSES)[number];

export const PASS_DESCRIPTIONS: Record<Pass, string> = {
  repeated: "the same request over and over: response-cache hits",
  distinct:
    "the same document, a new nonce variable on every request: uncached execution of a known document",
  unique:
    "a new document text on every request (one extra alias): parsed, validated and executed once",
};

export type ServerKey =
  "ours" | "ours-jit-first" | "ours-no-jit" | "ours-persisted" | "apollo" | "mercurius-jit" | "raw";

export const SERVER_LABELS: Record<ServerKey, string> = {
  ours: "ours (as shipped)",
  "ours-jit-first": "ours, JIT on first run",
  "ours-no-jit": "ours, JIT off",
  "ours-persisted": "ours, persisted",
  apollo: "Apollo Server 5",
  "mercurius-jit": "Mercurius + JIT",
  raw: "raw node:http",
};

const SERVER_COLOURS: Record<ServerKey, string> = {
  ours: "#1f6feb",
  "ours-jit-first": "#0a3069",
  "ours-no-jit": "#54aeff",
  "ours-persisted": "#7ab4ff",
  apollo: "#8250df",
  "mercurius-jit": "#d4731b",
  raw: "#6e7781",
};

export interface Row {
  pass: Pass;
  server: ServerKey;
  query: QueryName;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time per answered request, µs. */
  cpuMicros: number;
  /** The load generator's CPU time per answered request, µs. */
  loadCpuMicros: number;
  /** Share of the machine's cores other processes used during these bursts, 0–1. */
  otherCpuShare: number;
  ok: number;
  failed: number;
  /** req/s of each round, to show the spread. */
  roundReqPerSec: number[];
}

export interface Goal {
  /** The issue that states the goal. */
  issue: 7 | 11;
  goal: string;
  met: boolean;
  figures: string;
}

/** Issue 11's bounds, as the issue states them. */
export const UNIQUE_DOCUMENT_BOUND = 1.1;
export const MERCURIUS_UNCACHED_BOUND = 1.2;
/**
 * "Repeated documents keep today's speed" has no number in issue 11: this is the tolerance the
 * bench applies to a known document's uncached CPU with the threshold against compiling at
 * once (what the server did before), the same 10% the issue allows a document seen once.
 */
export const REPEATED_DOCUMENT_BOUND = 1.1;

const find = (rows: readonly Row[], pass: Pass, server: ServerKey, query: QueryName) =>
  rows.find((row) => row.pass === pass && row.server === server && row.query === query);

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ms = (n: number) => fixed(n, n < 10 ? 2 : 1);
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");

/** One markdown table per pass: server × query with req/s, latency and CPU per request. */
export function resultTables(rows: readonly Row[], labels: Record<QueryName, string>): string {
  const out: string[] = [];
  for (const pass of PASSES) {
    const passRows = rows.filter((row) => row.pass === pass);
    if (passRows.length === 0) continue;
    out.push(
      `\n**${pass}** (${PASS_DESCRIPTIONS[pass]})\n`,
      "| query | server | req/s | p50 ms | p99 ms | server CPU µs/req | load-gen CPU µs/req | other processes' CPU | failed |",
      "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const row of passRows) {
      out.push(
        `| ${labels[row.query]} | ${SERVER_LABELS[row.server]} | ${fixed(row.reqPerSec)} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${fixed(row.cpuMicros)} | ${fixed(row.loadCpuMicros)} | ${fixed(row.otherCpuShare * 100)}% | ${row.failed} |`,
      );
    }
  }
  return out.join("\n");
}

export interface Ratios {
  query: QueryName;
  /** Uncached (distinct pass): the other server's CPU per request ÷ ours; above 1, ours is cheaper. */
  mercuriusCpuOverOurs: number;
  apolloCpuOverOurs: number;
  mercuriusCpuOverPersisted: number;
  apolloCpuOverPersisted: number;
  /** Repeated pass: ours ÷ raw. */
  oursReqPerSecOverRaw: number;
  persistedReqPerSecOverRaw: number;
  oursCpuOverRaw: number;
  persistedCpuOverRaw: number;
  /** Unique pass, CPU per request: ours (compiles after JIT_AFTER_RUNS runs) ÷ JIT off. */
  uniqueOursOverNoJit: number;
  /** Unique pass, CPU per request: compiling on first sight (the old behaviour) ÷ JIT off. */
  uniqueJitFirstOverNoJit: number;
  /** Distinct pass, CPU per request: ours ÷ Mercurius-JIT (issue 11 states it this way round). */
  oursCpuOverMercurius: number;
  /** Distinct pass, CPU per request: ours ÷ compiling on first sight: the threshold's cost on a known document. */
  distinctOursOverJitFirst: number;
  /** Distinct pass, CPU per request: ours ÷ JIT off: what compiling saves a known document. */
  distinctOursOverNoJit: number;
  /** Repeated pass, CPU per request: ours ÷ ours in the previous run's latest.json (another run, so context only). */
  repeatedOursOverPrevious: number;
}

/** The previous run's figures, read from latest.json before this run replaces it. */
export interface PreviousRun {
  commit: string;
  date: string;
  rows: readonly Row[];
}

export function ratios(
  rows: readonly Row[],
  queries: readonly QueryName[],
  previous?: PreviousRun,
): Ratios[] {
  return queries.map((query) => {
    const get = (pass: Pass, server: ServerKey) => find(rows, pass, server, query);
    const cpu = (pass: Pass, server: ServerKey) => get(pass, server)?.cpuMicros ?? NaN;
    const rps = (pass: Pass, server: ServerKey) => get(pass, server)?.reqPerSec ?? NaN;
    const previousCpu = previous
      ? (find(previous.rows, "repeated", "ours", query)?.cpuMicros ?? NaN)
      : NaN;
    return {
      query,
      mercuriusCpuOverOurs: cpu("distinct", "mercurius-jit") / cpu("distinct", "ours"),
      apolloCpuOverOurs: cpu("distinct", "apollo") / cpu("distinct", "ours"),
      mercuriusCpuOverPersisted:
        cpu("distinct", "mercurius-jit") / cpu("distinct", "ours-persisted"),
      apolloCpuOverPersisted: cpu("distinct", "apollo") / cpu("distinct", "ours-persisted"),
      oursReqPerSecOverRaw: rps("repeated", "ours") / rps("repeated", "raw"),
      persistedReqPerSecOverRaw: rps("repeated", "ours-persisted") / rps("repeated", "raw"),
      oursCpuOverRaw: cpu("repeated", "ours") / cpu("repeated", "raw"),
      persistedCpuOverRaw: cpu("repeated", "ours-persisted") / cpu("repeated", "raw"),
      uniqueOursOverNoJit: cpu("unique", "ours") / cpu("unique", "ours-no-jit"),
      uniqueJitFirstOverNoJit: cpu("unique", "ours-jit-first") / cpu("unique", "ours-no-jit"),
      oursCpuOverMercurius: cpu("distinct", "ours") / cpu("distinct", "mercurius-jit"),
      distinctOursOverJitFirst: cpu("distinct", "ours") / cpu("distinct", "ours-jit-first"),
      distinctOursOverNoJit: cpu("distinct", "ours") / cpu("distinct", "ours-no-jit"),
      repeatedOursOverPrevious: cpu("repeated", "ours") / previousCpu,
    };
  });
}

/** A ratio with its verdict against an upper bound, or "–" when the run did not measure it. */
const bounded = (n: number, bound: number) =>
  Number.isFinite(n) ? `${times(n)} ${n <= bound ? "met" : "**not met**"}` : "–";

/** Issue 11's table: the unique-document cost of the threshold, and uncached CPU against Mercurius-JIT. */
export function issue11Table(all: readonly Ratios[], labels: Record<QueryName, string>): string {
  return [
    `| query | unique doc CPU/req: ours ÷ JIT off (goal ≤ ${UNIQUE_DOCUMENT_BOUND}×) | unique doc CPU/req: JIT on first run ÷ JIT off (context) | uncached CPU/req: ours ÷ Mercurius-JIT (goal ≤ ${MERCURIUS_UNCACHED_BOUND}×) | uncached CPU/req: ours ÷ JIT on first run (≤ ${REPEATED_DOCUMENT_BOUND}×) | uncached CPU/req: ours ÷ JIT off (context) | repeated CPU/req: ours ÷ previous run (context) |`,
    "|---|---:|---:|---:|---:|---:|---:|",
    ...all.map(
      (r) =>
        `| ${labels[r.query]} | ${bounded(r.uniqueOursOverNoJit, UNIQUE_DOCUMENT_BOUND)} | ${times(r.uniqueJitFirstOverNoJit)} | ${bounded(r.oursCpuOverMercurius, MERCURIUS_UNCACHED_BOUND)} | ${bounded(r.distinctOursOverJitFirst, REPEATED_DOCUMENT_BOUND)} | ${times(r.distinctOursOverNoJit)} | ${times(r.repeatedOursOverPrevious)} |`,
    ),
  ].join("\n");
}

/** Issue 7's table, against Apollo and the raw limit: only worth printing when those ran. */
export function issue7Table(all: readonly Ratios[], labels: Record<QueryName, string>): string {
  return [
    "| query | uncached CPU/req: Mercurius-JIT ÷ ours (persisted) | uncached CPU/req: Apollo ÷ ours (persisted) | repeated req/s: ours ÷ raw (persisted) | repeated CPU/req: ours ÷ raw (persisted) |",
    "|---|---:|---:|---:|---:|",
    ...all.map(
      (r) =>
        `| ${labels[r.query]} | ${times(r.mercuriusCpuOverOurs)} (${times(r.mercuriusCpuOverPersisted)}) | ${times(r.apolloCpuOverOurs)} (${times(r.apolloCpuOverPersisted)}) | ${times(r.oursReqPerSecOverRaw)} (${times(r.persistedReqPerSecOverRaw)}) | ${times(r.oursCpuOverRaw)} (${times(r.persistedCpuOverRaw)}) |`,
    ),
  ].join("\n");
}

const list = (all: readonly Ratios[], pick: (r: Ratios) => number) =>
  all.map((r) => `${r.query} ${times(pick(r))}`).join(", ");

/**
 * The goals this run measures, each met or not, with the figures: issue 11's, then issue 7's
 * that still apply (its "cheaper than Mercurius-JIT" is replaced by issue 11's 1.2× bound). A
 * goal whose servers were not in the run is left out rather than reported as not met.
 */
export function goals(all: readonly Ratios[]): Goal[] {
  const measured = (pick: (r: Ratios) => number) =>
    all.length > 0 && all.every((r) => Number.isFinite(pick(r)));
  const every = (pick: (r: Ratios) => number, test: (n: number) => boolean) =>
    all.every((r) => test(pick(r)));
  const candidates: (Goal & { pick: (r: Ratios) => number })[] = [
    {
      issue: 11,
      goal: `A document seen once costs at most ${UNIQUE_DOCUMENT_BOUND}× its CPU with JIT off (unique pass, ours ÷ ours with JIT_AFTER_RUNS=off), on every query`,
      pick: (r) => r.uniqueOursOverNoJit,
      met: every(
        (r) => r.uniqueOursOverNoJit,
        (n) => n <= UNIQUE_DOCUMENT_BOUND,
      ),
      figures: `ours ÷ JIT off: ${list(all, (r) => r.uniqueOursOverNoJit)}; for context, compiling on first run ÷ JIT off: ${list(all, (r) => r.uniqueJitFirstOverNoJit)}`,
    },
    {
      issue: 11,
      goal: `Repeated documents keep today's speed: a known document's uncached CPU (distinct pass) with the threshold within ${REPEATED_DOCUMENT_BOUND}× of compiling on first run, on every query`,
      pick: (r) => r.distinctOursOverJitFirst,
      met: every(
        (r) => r.distinctOursOverJitFirst,
        (n) => n <= REPEATED_DOCUMENT_BOUND,
      ),
      figures: `ours ÷ JIT on first run: ${list(all, (r) => r.distinctOursOverJitFirst)}; for context, ours ÷ JIT off: ${list(all, (r) => r.distinctOursOverNoJit)}`,
    },
    {
      issue: 11,
      goal: `Uncached CPU per request within ${MERCURIUS_UNCACHED_BOUND}× of Mercurius-JIT's on every query (distinct pass)`,
      pick: (r) => r.oursCpuOverMercurius,
      met: every(
        (r) => r.oursCpuOverMercurius,
        (n) => n <= MERCURIUS_UNCACHED_BOUND,
      ),
      figures: `ours ÷ Mercurius-JIT: ${list(all, (r) => r.oursCpuOverMercurius)}`,
    },
    {
      issue: 7,
      goal: "Uncached, our CPU per request is at least 3× lower than Apollo's on every query",
      pick: (r) => r.apolloCpuOverOurs,
      met: every(
        (r) => r.apolloCpuOverOurs,
        (n) => n >= 3,
      ),
      figures: `Apollo ÷ ours: ${list(all, (r) => r.apolloCpuOverOurs)}`,
    },
    {
      issue: 7,
      goal: "A repeated query reaches at least half of the raw limit's req/s (ours as shipped)",
      pick: (r) => r.oursReqPerSecOverRaw,
      met: every(
        (r) => r.oursReqPerSecOverRaw,
        (n) => n >= 0.5,
      ),
      figures: `ours ÷ raw: ${list(all, (r) => r.oursReqPerSecOverRaw)}; persisted ÷ raw: ${list(all, (r) => r.persistedReqPerSecOverRaw)}`,
    },
    {
      issue: 7,
      goal: "A repeated query costs at most 3× the raw server's CPU per request (ours as shipped)",
      pick: (r) => r.oursCpuOverRaw,
      met: every(
        (r) => r.oursCpuOverRaw,
        (n) => n <= 3,
      ),
      figures: `ours ÷ raw: ${list(all, (r) => r.oursCpuOverRaw)}; persisted ÷ raw: ${list(all, (r) => r.persistedCpuOverRaw)}`,
    },
  ];
  return candidates.filter((g) => measured(g.pick)).map(({ pick: _pick, ...goal }) => goal);
}

export const goalLines = (all: readonly Goal[]) =>
  all
    .map((g) => `- issue ${g.issue}, ${g.met ? "**met**" : "**not met**"}: ${g.goal}. ${g.figures}`)
    .join("\n");

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

/** A round axis maximum and its step: 1, 2 or 5 times a power of ten, about five steps. */
function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

const short = (n: number) =>
  n >= 10_000
    ? `${(n / 1000).toFixed(0)}k`
    : n >= 1000
      ? `${(n / 1000).toFixed(1)}k`
      : n.toFixed(0);

interface Panel {
  title: string;
  pass: Pass;
  value: (row: Row) => number;
}

/**
 * Grouped bars, one panel per pass and measure: for each query a group, in it a bar per server,
 * each labelled with its value.
 */
export function chartSvg(
  rows: readonly Row[],
  queries: readonly QueryName[],
  caption: readonly string[],
): string {
  const servers = (Object.keys(SERVER_LABELS) as ServerKey[]).filter((s) =>
    rows.some((row) => row.server === s),
  );
  const panels: Panel[] = PASSES.filter((pass) => rows.some((row) => row.pass === pass)).flatMap(
    (pass) => [
      { title: `req/s, ${pass} requests (higher is better)`, pass, value: (r: Row) => r.reqPerSec },
      {
        title: `server CPU µs per request, ${pass} requests (lower is better)`,
        pass,
        value: (r: Row) => r.cpuMicros,
      },
    ],
  );
  const width = 1000;
  const left = 70;
  const right = 20;
  const panelHeight = 250;
  // The legend wraps: seven servers do not fit on one line of the chart's width.
  const legendPerLine = 5;
  const legendLines = Math.ceil(servers.length / legendPerLine);
  const top = 80 + caption.length * 15 + (legendLines - 1) * 18;
  const plotWidth = width - left - right;
  const height = top + panels.length * (panelHeight + 40) + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="24" font-size="16" font-weight="bold">GraphQL servers on one schema: req/s and CPU per request</text>`,
    ...caption.map(
      (line, i) => `<text x="${left}" y="${42 + i * 15}" fill="#555">${escapeXml(line)}</text>`,
    ),
  ];
  servers.forEach((server, i) => {
    const x = left + (i % legendPerLine) * 180;
    const y = 44 + caption.length * 15 + Math.floor(i / legendPerLine) * 18;
    out.push(
      `<rect x="${x}" y="${y}" width="12" height="12" fill="${SERVER_COLOURS[server]}"/>`,
      `<text x="${x + 18}" y="${y + 10}">${escapeXml(SERVER_LABELS[server])}</text>`,
    );
  });
  panels.forEach((panel, p) => {
    const y0 = top + p * (panelHeight + 40) + 30;
    const plotHeight = panelHeight - 40;
    const panelRows = rows.filter((row) => row.pass === panel.pass);
    const { top: max, step } = niceScale(
      Math.max(...panelRows.map(panel.value).filter(Number.isFinite)),
    );
    const yOf = (v: number) => y0 + plotHeight - (v / max) * plotHeight;
    out.push(
      `<text x="${left}" y="${y0 - 10}" font-weight="bold">${escapeXml(panel.title)}</text>`,
    );
    for (let v = 0; v <= max + step / 2; v += step) {
      out.push(
        `<line x1="${left}" x2="${width - right}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="#e5e5e5"/>`,
        `<text x="${left - 6}" y="${yOf(v) + 4}" text-anchor="end" fill="#555">${short(v)}</text>`,
      );
    }
    const groupWidth = plotWidth / queries.length;
    const barWidth = (groupWidth * 0.8) / servers.length;
    queries.forEach((query, q) => {
      const gx = left + q * groupWidth + groupWidth * 0.1;
      servers.forEach((server, s) => {
        const row = find(panelRows, panel.pass, server, query);
        if (!row) return;
        const value = panel.value(row);
        const x = gx + s * barWidth;
        out.push(
          `<rect x="${x.toFixed(1)}" y="${yOf(value).toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${(y0 + plotHeight - yOf(value)).toFixed(1)}" fill="${SERVER_COLOURS[server]}"><title>${escapeXml(`${SERVER_LABELS[server]}, ${query}: ${value.toFixed(0)}`)}</title></rect>`,
          `<text x="${(x + (barWidth - 3) / 2).toFixed(1)}" y="${(yOf(value) - 3).toFixed(1)}" text-anchor="middle" font-size="10">${short(value)}</text>`,
        );
      });
      out.push(
        `<text x="${(gx + groupWidth * 0.4).toFixed(1)}" y="${y0 + plotHeight + 16}" text-anchor="middle">${query}</text>`,
      );
    });
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${y0 + plotHeight}" y2="${y0 + plotHeight}" stroke="#999"/>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
