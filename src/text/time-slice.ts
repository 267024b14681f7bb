/**
 * Long work (building or checking the search index) done in slices, so the server keeps
 * answering other requests meanwhile: the work calls `pause()` often, and every ~10 ms of running
 * that actually yields to the event loop.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

const SLICE_MS = 10;

export class TimeSlicer {
  private sliceStart = performance.now();

  /** Yields to the event loop when this slice has run its time; otherwise costs a clock read. */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

/** Items sorted in one call; a comparator sort of 100k items would block for a third of a second. */
const SORTED_RUN = 2048;

/**
 * `items` sorted by `compare` (stable), in slices: runs sorted one at a time, then merged pairwise,
 * pausing between merges. May reuse `items`' memory.
 */
export async function sortInSlices(
  items: Int32Array,
  compare: (a: number, b: number) => number,
  slicer: TimeSlicer,
): Promise<Int32Array> {
  for (let start = 0; start < items.length; start += SORTED_RUN) {
    items.subarray(start, start + SORTED_RUN).sort(compare);
    await slicer.pause();
  }
  let [from, to]: [Int32Array, Int32Array] = [items, new Int32Array(items.length)];
  for (let width = SORTED_RUN; width < items.length; width *= 2) {
    for (let lo = 0; lo < items.length; lo += 2 * width) {
      const [mid, hi] = [
        Math.min(lo + width, items.length),
        Math.min(lo + 2 * width, items.length),
      ];
      merge(from, to, [lo, mid, hi], compare);
      await slicer.pause();
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Merges the sorted runs from[lo … mid) and from[mid … hi) into to[lo … hi), left first on ties. */
function merge(
  from: Int32Array,
  to: Int32Array,
  [lo, mid, hi]: [number, number, number],
  compare: (a: number, b: number) => number,
): void {
  let [i, j, k] = [lo, mid, lo];
  while (i < mid && j < hi) to[k++] = compare(from[j]!, from[i]!) < 0 ? from[j++]! : from[i++]!;
  while (i < mid) to[k++] = from[i++]!;
  while (j < hi) to[k++] = from[j++]!;
}
