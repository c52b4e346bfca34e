import type { MnistSplit } from "@llmnist/mnist-data";

const PIXELS = 28 * 28;

/** Throws when a split's arrays disagree with its count or a label is outside [0, classes). */
export function checkSplit(split: MnistSplit, what: string, classes: number): void {
  const name = `${what} split "${split.name}"`;
  if (!Number.isInteger(split.count) || split.count < 1) {
    throw new Error(`${name}: count must be a positive integer, got ${split.count}`);
  }
  if (split.images.length !== split.count * PIXELS) {
    throw new Error(`${name}: images has ${split.images.length} values, expected count * 784 = ${split.count * PIXELS}`);
  }
  if (split.labels.length !== split.count) {
    throw new Error(`${name}: labels has ${split.labels.length} entries, expected count = ${split.count}`);
  }
  for (let i = 0; i < split.count; i++) {
    const y = split.labels[i]!;
    if (y >= classes) throw new Error(`${name}: labels[${i}] = ${y} is not a class in [0, ${classes})`);
  }
}
