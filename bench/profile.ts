/**
 * tsx bench/profile.ts FILE.cpuprofile [TOP]
 *
 * Where a server's CPU went: self time of a V8 CPU profile (node --cpu-prof; `npm run bench --
 * --cpu-prof DIR` writes one per server) summed by package (or "ours" for src/, "node" for
 * node's internals) and by function, largest first.
 */
import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx bench/profile.ts FILE.cpuprofile [TOP]");
const profile = JSON.parse(await readFile(file, "utf8")) as Profile;

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

/** "ours: src/store/memory.ts", a package name, "node" or V8's own entries ("(garbage collector)"). */
function placeOf({ url, functionName }: ProfileNode["callFrame"]): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(src|bench)\/(.*)$/.exec(url);
  return ours ? `ours: ${ours[1]}/${ours[2]}` : url;
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [id, micros] of selfMicros) {
  const frame = nodes.get(id)!.callFrame;
  if (frame.functionName === "(idle)") continue;
  total += micros;
  const place = placeOf(frame);
  byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
  // Node's internals by module (node:internal/…), which says more than "node".
  const where = frame.url.startsWith("node:") ? frame.url : place;
  const fn = `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
}

const top = Number(topArg);
const share = (micros: number) => `${((micros / total) * 100).toFixed(1)}%`;
const table = (title: string, entries: Map<string, number>) => {
  console.log(`\n| ${title} | self time | share |\n|---|---:|---:|`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${name} | ${(micros / 1000).toFixed(0)} ms | ${share(micros)} |`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms of CPU sampled (idle excluded)`);
table("package or file", byPlace);
table("function", byFunction);
