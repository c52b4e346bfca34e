import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelsActive, fusedRotary } from "@llmnist/kernels";

export interface RotaryEmbeddingConfig {
  /** Size of one attention head; must be even. */
  headDim: number;
  /** Base of the frequencies: 10000 in the paper's ViT, 1e6 in Qwen2.5. */
  theta?: number;
}

/**
 * Rotary position embedding tables (no weights): inv_freq_i = theta^(-2i/head_dim), and
 * cos/sin of position * inv_freq repeated over both halves of a head (the non-interleaved,
 * "rotate_half" form used by Llama, Qwen2 and the paper's ViT).
 */
export class RotaryEmbedding {
  readonly headDim: number;
  readonly theta: number;
  readonly invFreq: Float32Array;
  private readonly cache = new Map<string, { cos: tf.Tensor2D; sin: tf.Tensor2D }>();

  constructor(config: RotaryEmbeddingConfig) {
    if (!Number.isInteger(config.headDim) || config.headDim <= 0 || config.headDim % 2 !== 0) {
      throw new Error(`RotaryEmbedding: headDim must be a positive even integer, got ${config.headDim}`);
    }
    this.headDim = config.headDim;
    this.theta = config.theta ?? 10000;
    const half = this.headDim / 2;
    this.invFreq = new Float32Array(half);
    for (let i = 0; i < half; i++) this.invFreq[i] = 1 / Math.pow(this.theta, (2 * i) / this.headDim);
  }

  /**
   * cos and sin for positions `offset .. offset+length-1`, each `[length, head_dim]`.
   * The tables are cached (kept outside any tidy scope) because a model asks for the same
   * lengths on every step; `dispose()` frees them.
   */
  cosSin(length: number, offset = 0): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
    const key = `${offset}:${length}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const half = this.headDim / 2;
    const cos = new Float32Array(length * this.headDim);
    const sin = new Float32Array(length * this.headDim);
    for (let p = 0; p < length; p++) {
      for (let i = 0; i < half; i++) {
        // float32 products as PyTorch computes them: fp32 position * fp32 inv_freq.
        const angle = Math.fround((offset + p) * this.invFreq[i]!);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        cos[p * this.headDim + i] = c;
        cos[p * this.headDim + i + half] = c;
        sin[p * this.headDim + i] = s;
        sin[p * this.headDim + i + half] = s;
      }
    }
    const entry = tf.tidy(() => ({
      cos: tf.keep(tf.tensor2d(cos, [length, this.headDim])),
      sin: tf.keep(tf.tensor2d(sin, [length, this.headDim])),
    }));
    if (this.cache.size > 64) this.dispose();
    this.cache.set(key, entry);
    return entry;
  }

  dispose(): void {
    for (const { cos, sin } of this.cache.values()) {
      cos.dispose();
      sin.dispose();
    }
    this.cache.clear();
  }
}

/** `rotate_half([a, b]) = [-b, a]`, halves taken over the last axis. */
export function rotateHalf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const half = x.shape[x.shape.length - 1]! / 2;
    const [a, b] = tf.split(x, [half, half], -1) as [tf.Tensor, tf.Tensor];
    return tf.concat([tf.neg(b), a], -1);
  });
}

/**
 * Apply RoPE to queries and keys: `x * cos + rotate_half(x) * sin`.
 * q, k: `[B, heads, n, head_dim]`; cos, sin: `[n, head_dim]` (broadcast over B and heads).
 */
export function applyRotaryPosEmb(q: tf.Tensor, k: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): [tf.Tensor, tf.Tensor] {
  // One fused kernel per tensor where the backend has it (wasm); split/concat otherwise.
  if (fusedKernelsActive()) return [fusedRotary(q, cos, sin), fusedRotary(k, cos, sin)];
  return tf.tidy(() => {
    const rotate = (x: tf.Tensor) => tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin));
    return [rotate(q), rotate(k)];
  });
}

/**
 * RoPE tables made outside the attention layer, for positions that are not 0..n-1 along one
 * axis (e.g. the rows and columns of image patches). cos, sin: `[n, head_dim]`, one row per
 * token. `sliceWidth` (default head_dim) cuts each head vector into consecutive slices of that
 * many dims and applies the rotate_half form within each slice on its own: head_dim is 1-D
 * RoPE, head_dim / 2 is 2-D RoPE (first half by row, second half by column).
 */
export interface RotaryTables {
  cos: tf.Tensor2D;
  sin: tf.Tensor2D;
  sliceWidth?: number;
}

/** `x*cos + rotate_half(x)*sin` over the last axis; x `[..., n, w]`, cos/sin `[n, w]`. */
function rotate(x: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor {
  if (fusedKernelsActive()) return fusedRotary(x, cos, sin);
  return tf.tidy(() => tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin)));
}

/** The tables' slice width, checked against a head size and token count. */
function sliceWidthOf(tables: RotaryTables, headDim: number, length: number): number {
  const width = tables.sliceWidth ?? headDim;
  const [rows, cols] = tables.cos.shape;
  if (rows !== length || cols !== headDim || tables.sin.shape[0] !== rows || tables.sin.shape[1] !== cols) {
    throw new Error(`RotaryTables: cos and sin must be [${length}, ${headDim}] (tokens, head_dim), got [${tables.cos.shape.join(", ")}] and [${tables.sin.shape.join(", ")}]`);
  }
  if (!Number.isInteger(width) || width <= 0 || width % 2 !== 0 || headDim % width !== 0) {
    throw new Error(`RotaryTables: sliceWidth must be an even divisor of head_dim ${headDim}, got ${width}`);
  }
  return width;
}

/** RoPE from precomputed tables on head-major queries or keys `[B, heads, n, head_dim]`. */
export function applyRotaryTables(x: tf.Tensor, tables: RotaryTables): tf.Tensor {
  const [length, headDim] = x.shape.slice(-2) as [number, number];
  const width = sliceWidthOf(tables, headDim, length);
  if (width === headDim) return rotate(x, tables.cos, tables.sin);
  return tf.tidy(() => {
    const rows = length * (headDim / width);
    const lead = x.shape.slice(0, -2);
    const sliced = tf.reshape(x, [...lead, rows, width]); // [B, heads, n*slices, w]: token t's slice s is row t*slices+s
    const cos = tf.reshape(tables.cos, [rows, width]); // [n*slices, w]
    const sin = tf.reshape(tables.sin, [rows, width]); // [n*slices, w]
    return tf.reshape(rotate(sliced, cos, sin), x.shape); // [B, heads, n, hd]
  });
}

/** RoPE from precomputed tables on token-major projections `[B, n, heads*head_dim]`. */
export function applyRotaryTablesTokenMajor(x: tf.Tensor, tables: RotaryTables, heads: number): tf.Tensor {
  const [batch, length, features] = x.shape as [number, number, number];
  const headDim = features / heads;
  const width = sliceWidthOf(tables, headDim, length);
  // The fused kernel rotates every hd-slice of a token with the same table row: 1-D RoPE as is.
  if (width === headDim) return rotate(x, tables.cos, tables.sin);
  return tf.tidy(() => {
    const slices = headDim / width;
    const rows = length * heads * slices;
    const sliced = tf.reshape(x, [batch, rows, width]); // [B, n*heads*slices, w]: row (t*heads+h)*slices+s
    const perHead = (table: tf.Tensor) => {
      const tiled = tf.tile(tf.reshape(table, [length, 1, headDim]), [1, heads, 1]); // [n, heads, hd]
      return tf.reshape(tiled, [rows, width]); // [n*heads*slices, w]
    };
    return tf.reshape(rotate(sliced, perHead(tables.cos), perHead(tables.sin)), x.shape); // [B, n, heads*hd]
  });
}
