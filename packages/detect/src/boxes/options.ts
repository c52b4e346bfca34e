/** `value` when it is a number in [lo, hi], else an error naming the function and option. */
export function numberOption(fn: string, name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < lo || value > hi) {
    throw new Error(`${fn}: ${name} must be a number in [${lo}, ${hi}], got ${String(value)}`);
  }
  return value;
}

/** A positive integer, or Infinity for "no limit". */
export function maxDetectionsOption(fn: string, value: unknown): number {
  if (value === Infinity || (typeof value === "number" && Number.isInteger(value) && value >= 1)) return value;
  throw new Error(`${fn}: maxDetections must be a positive integer (or Infinity), got ${String(value)}`);
}

/** Class labels as float64 (any finite number names a class); all zeros (one class) when absent. */
export function readClasses(classes: ArrayLike<number> | null | undefined, count: number, fn: string): Float64Array {
  const out = new Float64Array(count);
  if (classes === null || classes === undefined) return out;
  if (typeof classes !== "object" || typeof classes.length !== "number") throw new Error(`${fn}: classes must be an array of ${count} numbers, got ${String(classes)}`);
  if (classes.length !== count) throw new Error(`${fn}: classes has ${classes.length} entries but there are ${count} boxes`);
  for (let i = 0; i < count; i++) {
    const v = classes[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: classes[${i}]: expected a finite number (class label), got ${String(v)}`);
    out[i] = v;
  }
  return out;
}
