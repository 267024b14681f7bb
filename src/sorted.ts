/**
 * The first index in [lo, hi) of an ascending sequence whose item is not before the point
 * sought (`isBefore(index)` false), by binary search; hi when every item is before it.
 */
export function firstNotBefore(
  lo: number,
  hi: number,
  isBefore: (index: number) => boolean,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
