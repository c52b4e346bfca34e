/**
 * Items `0..count-1` bucketed by `keyOf(item)` in `0..keys-1`, keeping their order within a
 * bucket: bucket b is `items[start[b] .. start[b + 1])`.
 */
export function groupByKey(count: number, keys: number, keyOf: (item: number) => number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (let n = 0; n < count; n++) start[keyOf(n) + 1] = start[keyOf(n) + 1]! + 1;
  for (let b = 0; b < keys; b++) start[b + 1] = start[b + 1]! + start[b]!;
  const next = start.slice(0, keys); // where each bucket's next item goes
  const items = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const key = keyOf(n);
    items[next[key]!] = n;
    next[key] = next[key]! + 1;
  }
  return { start, items };
}
