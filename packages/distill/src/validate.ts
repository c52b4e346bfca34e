import type * as tf from "@tensorflow/tfjs-core";

export function shapeOf(t: tf.Tensor): string {
  return `[${t.shape.join(",")}]`;
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === "object" && value !== null && Array.isArray((value as tf.Tensor).shape);
}

/** A float32 tensor whose rank is `rank` (a number) or at least `rank.min`, no dimension empty. */
export function checkFloatTensor(fn: string, name: string, value: unknown, rank: number | { min: number }, layout: string): tf.Tensor {
  if (!isTensor(value)) throw new Error(`${fn}: ${name} must be a tf.Tensor ${layout}, got ${value === null ? "null" : typeof value}`);
  const rankOk = typeof rank === "number" ? value.rank === rank : value.rank >= rank.min;
  if (!rankOk) {
    const want = typeof rank === "number" ? `rank ${rank}` : `rank >= ${rank.min}`;
    throw new Error(`${fn}: ${name} must be ${want} ${layout}, got rank ${value.rank} (shape ${shapeOf(value)})`);
  }
  if (value.dtype !== "float32") throw new Error(`${fn}: ${name} must be float32, got ${value.dtype}`);
  if (value.shape.some((d) => d === 0)) throw new Error(`${fn}: ${name} must not be empty, got shape ${shapeOf(value)}`);
  return value;
}

/** The mask: a tf.Tensor of `shape`, every value 0 or 1, at least one 1. Reads its values. */
export function checkMask(fn: string, mask: unknown, shape: number[], logitsShape: number[]): Float32Array {
  const want = `[${shape.join(",")}]`;
  const logits = `[${logitsShape.join(",")}]`;
  if (!isTensor(mask)) throw new Error(`${fn}: mask must be a tf.Tensor of shape ${want} (the logits' ${logits} without the last dim), got ${typeof mask}`);
  if (mask.rank !== shape.length || mask.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${fn}: mask must have shape ${want} (the logits' ${logits} without the last dim), got ${shapeOf(mask)}`);
  }
  const values = Float32Array.from(mask.dataSync() as ArrayLike<number>);
  const bad = values.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) throw new Error(`${fn}: mask values must be 0 or 1, got ${values[bad]} at flat index ${bad}`);
  if (!values.includes(1)) throw new Error(`${fn}: mask must select at least one position (a 1), got all ${values.length} zeros`);
  return values;
}

export function checkTemperature(fn: string, temperature: unknown): number {
  if (typeof temperature !== "number" || !Number.isFinite(temperature) || temperature <= 0) {
    throw new Error(`${fn}: temperature must be a finite number > 0, got ${String(temperature)}`);
  }
  return temperature;
}

export function checkZeroLogits(fn: string, zeroLogits: unknown): number {
  if (typeof zeroLogits !== "number" || !Number.isInteger(zeroLogits) || zeroLogits < 0) {
    throw new Error(`${fn}: zeroLogits must be an integer >= 0, got ${String(zeroLogits)}`);
  }
  return zeroLogits;
}
