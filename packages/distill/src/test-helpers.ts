// Plain-JS float64 reference math and comparisons for the tests: no tfjs, so no shared bug.
import { readFileSync } from "node:fs";
import { expect } from "vitest";

export function logSoftmax(row: number[]): number[] {
  const m = row.reduce((a, b) => Math.max(a, b), -Infinity);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

/** sum_v a (log a - log b) for one position, from the definition. */
export function klOfRows(weightingLogits: number[], otherLogits: number[], temperature: number): number {
  const logA = logSoftmax(weightingLogits.map((v) => v / temperature));
  const logB = logSoftmax(otherLogits.map((v) => v / temperature));
  return logA.reduce((s, la, i) => s + Math.exp(la) * (la - (logB[i] ?? NaN)), 0);
}

/**
 * Every element within `rtol` of the reference, relative to the element or, for elements near
 * zero, to 1% of the largest reference element (a gradient has entries that are almost 0).
 */
export function expectClose(got: ArrayLike<number>, want: number[], rtol = 1e-5): void {
  expect(got.length).toBe(want.length);
  const largest = want.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  want.forEach((w, i) => {
    const g = got[i] ?? NaN;
    const tol = rtol * Math.max(Math.abs(w), 0.01 * largest);
    if (!(Math.abs(g - w) <= tol)) throw new Error(`element ${i}: got ${g}, want ${w} (tolerance ${tol})`);
  });
}

type Nested = number | Nested[];

export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

export function shapeOfNested(x: Nested): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOfNested(x[0] ?? [])] : [];
}

export interface KlCase {
  name: string;
  teacher: Nested;
  student: Nested;
  mask: Nested | null;
  direction: "forward" | "reverse";
  temperature: number;
  zeroLogits: number;
  loss: number;
  studentGrad: Nested;
}

export interface RelationCase {
  name: string;
  student: Nested;
  teacher: Nested;
  loss: number;
  studentGrad: Nested;
}

/** `fixtures/reference.json`, written by `scripts/make-fixtures.py` with PyTorch. */
export function loadReference(): { torch: string; kl: KlCase[]; relation: RelationCase[] } {
  return JSON.parse(readFileSync(new URL("./fixtures/reference.json", import.meta.url), "utf8"));
}
