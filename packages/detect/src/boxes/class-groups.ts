/**
 * `order` (box indices) split by class label, each group keeping `order`'s sequence. Boxes of
 * different classes never interact in class-wise NMS, so each group is processed alone.
 */
export function splitByClass(order: Int32Array, labels: Float64Array): Int32Array[] {
  const groups = new Map<number, number[]>();
  for (const i of order) {
    const label = labels[i]!;
    let group = groups.get(label);
    if (group === undefined) groups.set(label, (group = []));
    group.push(i);
  }
  return [...groups.values()].map((group) => Int32Array.from(group));
}
