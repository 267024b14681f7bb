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
