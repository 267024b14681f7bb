/**
 * What the benchmark prints and writes: the tables, the ratios the issue's goals are stated in,
 * and a hand-written SVG chart of req/s and CPU per request.
 */
import type { QueryName } from "./queries.js";

export type Pass = "repeated" | "distinct";
export type ServerKey = "ours" | "ours-persisted" | "apollo" | "mercurius-jit" | "raw";

export const SERVER_LABELS: Record<ServerKey, string> = {
  ours: "ours (as shipped)",
  "ours-persisted": "ours, persisted",
  apollo: "Apollo Server 5",
  "mercurius-jit": "Mercurius + JIT",
  raw: "raw node:http",
};

const SERVER_COLOURS: Record<ServerKey, string> = {
  ours: "#1f6feb",
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
  goal: string;
  met: boolean;
  figures: string;
}

const find = (rows: readonly Row[], pass: Pass, server: ServerKey, query: QueryName) =>
  rows.find((row) => row.pass === pass && row.server === server && row.query === query);

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ms = (n: number) => fixed(n, n < 10 ? 2 : 1);
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");

/** One markdown table per pass: server × query with req/s, latency and CPU per request. */
export function resultTables(rows: readonly Row[], labels: Record<QueryName, string>): string {
  const out: string[] = [];
  for (const pass of ["repeated", "distinct"] as const) {
    const passRows = rows.filter((row) => row.pass === pass);
    if (passRows.length === 0) continue;
    out.push(
      `\n**${pass}** ${pass === "repeated" ? "(the same request over and over)" : "(every request unique: uncached)"}\n`,
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
}

export function ratios(rows: readonly Row[], queries: readonly QueryName[]): Ratios[] {
  return queries.map((query) => {
    const get = (pass: Pass, server: ServerKey) => find(rows, pass, server, query);
    const cpu = (pass: Pass, server: ServerKey) => get(pass, server)?.cpuMicros ?? NaN;
    const rps = (pass: Pass, server: ServerKey) => get(pass, server)?.reqPerSec ?? NaN;
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
    };
  });
}

export function ratioTable(all: readonly Ratios[], labels: Record<QueryName, string>): string {
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

/** Issue 7's goals that this run measures, each met or not, with the figures. */
export function goals(all: readonly Ratios[]): Goal[] {
  const every = (pick: (r: Ratios) => number, test: (n: number) => boolean) =>
    all.length > 0 && all.every((r) => test(pick(r)));
  return [
    {
      goal: "Uncached, our CPU per request is lower than Mercurius-JIT's on every query",
      met: every(
        (r) => r.mercuriusCpuOverOurs,
        (n) => n > 1,
      ),
      figures: `Mercurius-JIT ÷ ours: ${list(all, (r) => r.mercuriusCpuOverOurs)}`,
    },
    {
      goal: "Uncached, our CPU per request is at least 3× lower than Apollo's on every query",
      met: every(
        (r) => r.apolloCpuOverOurs,
        (n) => n >= 3,
      ),
      figures: `Apollo ÷ ours: ${list(all, (r) => r.apolloCpuOverOurs)}`,
    },
    {
      goal: "A repeated query reaches at least half of the raw limit's req/s (ours as shipped)",
      met: every(
        (r) => r.oursReqPerSecOverRaw,
        (n) => n >= 0.5,
      ),
      figures: `ours ÷ raw: ${list(all, (r) => r.oursReqPerSecOverRaw)}; persisted ÷ raw: ${list(all, (r) => r.persistedReqPerSecOverRaw)}`,
    },
    {
      goal: "A repeated query costs at most 3× the raw server's CPU per request (ours as shipped)",
      met: every(
        (r) => r.oursCpuOverRaw,
        (n) => n <= 3,
      ),
      figures: `ours ÷ raw: ${list(all, (r) => r.oursCpuOverRaw)}; persisted ÷ raw: ${list(all, (r) => r.persistedCpuOverRaw)}`,
    },
  ];
}

export const goalLines = (all: readonly Goal[]) =>
  all.map((g) => `- ${g.met ? "**met**" : "**not met**"}: ${g.goal}. ${g.figures}`).join("\n");

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
  const panels: Panel[] = (["repeated", "distinct"] as const)
    .filter((pass) => rows.some((row) => row.pass === pass))
    .flatMap((pass) => [
      { title: `req/s, ${pass} requests (higher is better)`, pass, value: (r: Row) => r.reqPerSec },
      {
        title: `server CPU µs per request, ${pass} requests (lower is better)`,
        pass,
        value: (r: Row) => r.cpuMicros,
      },
    ]);
  const width = 1000;
  const left = 70;
  const right = 20;
  const panelHeight = 250;
  const top = 80 + caption.length * 15;
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
    const x = left + i * 180;
    const y = 44 + caption.length * 15;
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
