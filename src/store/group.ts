/**
 * Items grouped under each of their keys, each group in the items' order, the groups in order of
 * first appearance.
 */
export function groupBy<T>(
  items: Iterable<T>,
  keysOf: (item: T) => Iterable<string>,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
