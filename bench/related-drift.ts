/**
 * tsx bench/related-drift.ts [--articles 10000] [--new 1000] [--page 5] [--seed 1]
 *
 * How far an ingest's incremental related edges drift from the full pass. Generates a corpus
 * (src/corpus), holds back its `--new` newest stories, computes the others' edges by the full
 * pass, then writes the held-back stories `--page` at a time as ingests do (relatedChanges over
 * the store's writer view, each page's editorial boxes with it), and compares every article's list
 * with the full pass over the whole corpus: lists identical (in order, and as sets), mean Jaccard
 * of the two sets, mean overlap of the first ten. Also the time an incremental write took to
 * compute its edges. Prints a table; not part of npm test.
 */
import { parseArgs } from "node:util";
import { generateContent } from "../src/corpus/generate.js";
import { relatedChanges, relatedLists } from "../src/ingest/related.js";
import { StoreContents } from "../src/store/json/contents.js";
import { MemoryStore } from "../src/store/json/memory.js";
import type { ArticleRecord, RelatedEdgeRecord, StoreData } from "../src/store/records.js";
import {
  compareArticleKeys,
  relatedNodeOf,
  type StoreChanges,
  type WriteView,
} from "../src/store/store.js";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    new: { type: "string", default: "1000" },
    page: { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
  },
});
const [total, held, pageSize, seed] = [values.articles, values.new, values.page, values.seed].map(
  Number,
) as [number, number, number, number];

/** The JSON store's memory without its file: writes apply the changes and re-index. */
class InMemoryStore extends MemoryStore {
  async write(change: (view: WriteView) => Promise<StoreChanges>): Promise<void> {
    const changes = await change(this.writeView());
    await this.load(this.data.withChanges(changes));
  }
}

const fullPass = (data: Pick<StoreData, "articles" | "editorialLinks">) =>
  new Map(
    [...relatedLists(data.articles.map(relatedNodeOf), data.editorialLinks)].map((l) => [
      l.fromId,
      l.edges,
    ]),
  );

const corpus = generateContent({ articles: total, seed });
const byDate = [...corpus.articles].sort(compareArticleKeys);
const newIds = new Set(byDate.slice(-held).map((a) => a.id));
const base: StoreData = {
  ...corpus,
  articles: corpus.articles.filter((a) => !newIds.has(a.id)),
  editorialLinks: corpus.editorialLinks.filter((l) => !newIds.has(l.fromId) && !newIds.has(l.toId)),
};
let started = performance.now();
const baseEdges = fullPass(base);
const baseMs = performance.now() - started;
const store = new InMemoryStore(
  StoreContents.of({ ...base, relatedEdges: [...baseEdges.values()].flat() }),
);

const pages: ArticleRecord[][] = [];
const newest = byDate.slice(-held);
for (let i = 0; i < newest.length; i += pageSize) pages.push(newest.slice(i, i + pageSize));
const writeMs: number[] = [];
const writeCpuMs: number[] = [];
for (const page of pages) {
  const boxes = new Map(
    page.map((a) => [a.id, corpus.editorialLinks.filter((l) => l.fromId === a.id)]),
  );
  await store.write(async (view) => {
    const [begun, cpu] = [performance.now(), process.cpuUsage()];
    const relatedEdges = await relatedChanges(view, { changed: page, previous: [], boxes });
    writeMs.push(performance.now() - begun);
    writeCpuMs.push(process.cpuUsage(cpu).user / 1000);
    return {
      articles: page,
      topics: [],
      people: [],
      editorialLinks: [...boxes].map(([fromId, links]) => ({ fromId, links })),
      relatedEdges,
    };
  });
}

started = performance.now();
const reference = fullPass(corpus);
const referenceMs = performance.now() - started;
const incremental = await store.relatedEdges(corpus.articles.map((a) => a.id));

interface Tally {
  lists: number;
  identical: number;
  sameSet: number;
  jaccard: number;
  overlap10: number;
}
const tally = (): Tally => ({ lists: 0, identical: 0, sameSet: 0, jaccard: 0, overlap10: 0 });
const [all, added, older] = [tally(), tally(), tally()];
const targets = (edges: readonly RelatedEdgeRecord[]) => edges.map((e) => e.toId);
corpus.articles.forEach((article, i) => {
  const [mine, ref] = [targets(incremental[i]!), targets(reference.get(article.id) ?? [])];
  if (mine.length === 0 && ref.length === 0) return;
  const [a, b] = [new Set(mine), new Set(ref)];
  const common = [...a].filter((id) => b.has(id)).length;
  const top = new Set(ref.slice(0, 10));
  const overlap = mine.slice(0, 10).filter((id) => top.has(id)).length / Math.max(1, top.size);
  for (const t of [all, newIds.has(article.id) ? added : older]) {
    t.lists++;
    t.identical += Number(mine.join() === ref.join());
    t.sameSet += Number(common === a.size && common === b.size);
    t.jaccard += common / (a.size + b.size - common);
    t.overlap10 += overlap;
  }
});

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
const row = (name: string, t: Tally) =>
  `| ${name} | ${t.lists} | ${pct(t.identical, t.lists)} | ${pct(t.sameSet, t.lists)} | ` +
  `${(t.jaccard / t.lists).toFixed(3)} | ${(t.overlap10 / t.lists).toFixed(3)} |`;
const quantile = (list: readonly number[], q: number) =>
  [...list].sort((x, y) => x - y)[Math.min(list.length - 1, Math.floor(q * list.length))]!;
console.log(
  `${total} articles, the newest ${held} written ${pageSize} a page (${pages.length} writes), seed ${seed}`,
);
console.log(
  `full pass: ${(baseMs / 1000).toFixed(1)} s over the others, ${(referenceMs / 1000).toFixed(1)} s over all; ` +
    `a write's related edges: p50 ${quantile(writeMs, 0.5).toFixed(0)} ms ` +
    `(CPU ${quantile(writeCpuMs, 0.5).toFixed(0)} ms), p99 ${quantile(writeMs, 0.99).toFixed(0)} ms`,
);
console.log("| lists | with edges | identical | same set | mean Jaccard | overlap@10 |");
console.log("| --- | --: | --: | --: | --: | --: |");
console.log(row("all", all));
console.log(row("new stories", added));
console.log(row("older stories", older));
