import * as tf from "@tensorflow/tfjs-core";
import type { RotaryTables } from "@llmnist/nn-layers";

/**
 * Frequencies of one axis: each half of a head (head_dim / 2 dims) is 1-D RoPE of its own,
 * inv_freq_i = theta^(-2i / (head_dim/2)) for i < head_dim / 4.
 */
export function rope2dInvFreq(headDim: number, theta: number): Float32Array {
  if (!Number.isInteger(headDim) || headDim <= 0 || headDim % 4 !== 0) {
    throw new Error(`rope2d: headDim must be a positive multiple of 4 (two halves, each rotated in pairs), got ${headDim}`);
  }
  if (!(theta > 0) || !Number.isFinite(theta)) throw new Error(`rope2d: theta must be a positive number, got ${theta}`);
  const half = headDim / 2;
  return Float32Array.from({ length: half / 2 }, (_, i) => 1 / Math.pow(theta, (2 * i) / half));
}

/**
 * 2-D RoPE tables for a rows x cols grid of patches, tokens in row-major order (t = r*cols + c):
 * cos and sin `[rows*cols, head_dim]`. The first half of a head turns by the row index, the
 * second by the column index; within a half, cos/sin of position * inv_freq repeat over its
 * two quarters (the rotate_half pairing of 1-D RoPE, inside each half).
 */
export function rope2dTables(rows: number, cols: number, headDim: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  for (const [name, v] of [["rows", rows], ["cols", cols]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`rope2d: ${name} must be a positive integer, got ${v}`);
  }
  const invFreq = rope2dInvFreq(headDim, theta);
  const quarter = headDim / 4;
  const cos = new Float32Array(rows * cols * headDim);
  const sin = new Float32Array(rows * cols * headDim);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * headDim;
      for (let i = 0; i < quarter; i++) {
        // float32 products, as the 1-D RotaryEmbedding (and PyTorch) computes them.
        const rowAngle = Math.fround(r * invFreq[i]!);
        const colAngle = Math.fround(c * invFreq[i]!);
        for (const [offset, angle] of [[0, rowAngle], [quarter, rowAngle], [2 * quarter, colAngle], [3 * quarter, colAngle]] as const) {
          cos[base + offset + i] = Math.cos(angle);
          sin[base + offset + i] = Math.sin(angle);
        }
      }
    }
  }
  return { cos, sin };
}

/**
 * The tables as tensors for the attention layers (`{ rotary }` call option), cached per grid:
 * every step of a training run asks for the same few grids. `dispose()` frees them.
 */
export class Rope2D {
  readonly headDim: number;
  readonly theta: number;
  private readonly cache = new Map<string, RotaryTables>();

  constructor(headDim: number, theta: number) {
    rope2dInvFreq(headDim, theta); // validates
    this.headDim = headDim;
    this.theta = theta;
  }

  tables(rows: number, cols: number): RotaryTables {
    const key = `${rows}x${cols}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { cos, sin } = rope2dTables(rows, cols, this.headDim, this.theta);
    const n = rows * cols;
    // Kept outside any tidy scope: they outlive the forward pass that made them.
    const entry = tf.tidy(() => ({
      cos: tf.keep(tf.tensor2d(cos, [n, this.headDim])),
      sin: tf.keep(tf.tensor2d(sin, [n, this.headDim])),
      sliceWidth: this.headDim / 2,
    }));
    if (this.cache.size >= 64) this.dispose();
    this.cache.set(key, entry);
    return entry;
  }

  dispose(): void {
    for (const { cos, sin } of this.cache.values()) tf.dispose([cos, sin]);
    this.cache.clear();
  }
}
