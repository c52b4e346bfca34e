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
