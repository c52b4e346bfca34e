// Plain-JS reference math for the tests: no tfjs, so it cannot share a bug with the code.

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** -log sigmoid(z) computed directly from the definition (fine for the small z tests use). */
export const negLogSigmoid = (z: number): number => Math.log(1 + Math.exp(-z));

export function logSumExp(row: number[]): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** y_l: the best-scoring class other than `y` (the lowest index among ties). */
export function bestWrongClass(row: number[], y: number): number {
  return row.reduce((best, v, c) => (c !== y && (best === -1 || v > row[best]!) ? c : best), -1);
}

export function logSoftmax(row: number[]): number[] {
  const lse = logSumExp(row);
  return row.map((v) => v - lse);
}

export function expectCloseArrays(got: unknown, want: number[][] | number[], digits = 6): void {
  const g = (got as number[] | number[][]).flat();
  const w = want.flat();
  if (g.length !== w.length) throw new Error(`length ${g.length} != ${w.length}`);
  g.forEach((v, i) => {
    const tol = 0.5 * 10 ** -digits;
    if (!(Math.abs(v - (w[i] ?? NaN)) <= tol)) throw new Error(`element ${i}: got ${v}, want ${w[i]}`);
  });
}

/** softplus(z) = log(1 + e^z), stable for large |z|. */
export const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

export function softmax(row: number[]): number[] {
  const lse = logSumExp(row);
  return row.map((v) => Math.exp(v - lse));
}

/** A reference loss with reduction "mean": the mean over the rows of x of `perRow(row, label, i)`. */
export function meanOverRows(x: number[][], labels: number[], perRow: (row: number[], y: number, i: number) => number): number {
  return x.map((row, i) => perRow(row, labels[i]!, i)).reduce((a, b) => a + b) / x.length;
}

/** Central finite differences of a float64 function of a matrix: d f / d x[i][j]. */
export function numericGradient(f: (x: number[][]) => number, x: number[][], h = 1e-5): number[][] {
  return x.map((row, i) =>
    row.map((_, j) => {
      const at = (delta: number) => f(x.map((r, a) => r.map((v, b) => (a === i && b === j ? v + delta : v))));
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
}
