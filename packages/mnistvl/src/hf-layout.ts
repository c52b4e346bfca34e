/**
 * Hugging Face stores `nn.Linear` weights as `[out, in]`; our Linear kernels are `[in, out]`.
 * Embedding tables, norms and biases are stored alike.
 */
export function isLinearKernel(name: string, rank: number): boolean {
  return rank === 2 && name.endsWith(".weight") && !name.endsWith("embed_tokens.weight");
}

/** The HF shape of a weight of our shape. */
export function hfShapeOf(name: string, shape: readonly number[]): number[] {
  return isLinearKernel(name, shape.length) ? [shape[1]!, shape[0]!] : [...shape];
}

/** `[rows, cols]` row-major -> `[cols, rows]` row-major, in plain JS (no tensor copies on the way in). */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  // Blocked so both reads and writes stay within cache lines for big matrices.
  const block = 64;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) {
        const rowBase = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[rowBase + c]!;
      }
    }
  }
  return out;
}
