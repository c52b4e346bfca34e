import * as tf from "@tensorflow/tfjs-core";
import { fusedAttention, fusedKernelsActive, fusedRotary } from "@llmnist/kernels";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer } from "./composite-layer.js";
import { initSeed } from "./init.js";
import type { KVCache } from "./kv-cache.js";
import { Linear } from "./linear.js";
import { applyRotaryPosEmb, applyRotaryTables, applyRotaryTablesTokenMajor, RotaryEmbedding, type RotaryTables } from "./rotary.js";
import { featureSize, singleShape } from "./shapes.js";

export interface GroupedQueryAttentionConfig {
  /** Query heads (n_q). */
  numHeads: number;
  /** Key/value heads (n_kv); must divide numHeads. Equal to numHeads is plain multi-head attention. */
  numKvHeads: number;
  /** Per-head size; defaults to hidden / numHeads. */
  headDim?: number;
  /** Bias on the q, k and v projections (true in the paper and in Qwen2). */
  qkvBias?: boolean;
  /** Bias on the output projection (false in the paper and in Qwen2). */
  outputBias?: boolean;
  /** RoPE base (10000 in the paper's ViT, 1e6 in Qwen2.5). */
  ropeTheta?: number;
  /** Causal mask for decoders; the ViT attends to all tokens. */
  causal?: boolean;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** Call-time options: RoPE position of the first token, and a cache for decoding. */
export interface AttentionCallOptions {
  positionOffset?: number;
  kvCache?: KVCache;
  /**
   * RoPE tables for this call's tokens (e.g. 2-D positions of image patches), used instead of
   * the layer's own 1-D tables over positions offset..offset+n-1; positionOffset is then unused.
   */
  rotary?: RotaryTables;
}

/**
 * Grouped-query attention with RoPE. Key/value head j serves query heads j*g .. j*g+g-1
 * (g = numHeads / numKvHeads); heads are contiguous slices of the projection outputs.
 * Scores are scaled by head_dim^-0.5; no dropout.
 */
export class GroupedQueryAttention extends CompositeLayer {
  static className = "LlmnistGroupedQueryAttention";
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDimConfig: number | undefined;
  readonly qkvBias: boolean;
  readonly outputBias: boolean;
  readonly ropeTheta: number;
  readonly causal: boolean;
  readonly seed: number | undefined;
  headDim = 0;
  qProj: Linear | null = null;
  kProj: Linear | null = null;
  vProj: Linear | null = null;
  oProj: Linear | null = null;
  rotary: RotaryEmbedding | null = null;

  constructor(config: GroupedQueryAttentionConfig) {
    super(config);
    const { numHeads, numKvHeads } = config;
    if (!Number.isInteger(numHeads) || numHeads <= 0) throw new Error(`GroupedQueryAttention: numHeads must be a positive integer, got ${numHeads}`);
    if (!Number.isInteger(numKvHeads) || numKvHeads <= 0 || numHeads % numKvHeads !== 0) {
      throw new Error(`GroupedQueryAttention: numKvHeads must divide numHeads (${numHeads}), got ${numKvHeads}`);
    }
    this.numHeads = numHeads;
    this.numKvHeads = numKvHeads;
    this.headDimConfig = config.headDim;
    this.qkvBias = config.qkvBias ?? true;
    this.outputBias = config.outputBias ?? false;
    this.ropeTheta = config.ropeTheta ?? 10000;
    this.causal = config.causal ?? false;
    this.seed = config.seed;
  }

  protected children(): tfl.layers.Layer[] {
    return [this.qProj, this.kProj, this.vProj, this.oProj].filter((l): l is Linear => l !== null);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleShape(inputShape, this.name);
    const hidden = featureSize(shape, this.name);
    this.headDim = this.headDimConfig ?? hidden / this.numHeads;
    if (!Number.isInteger(this.headDim)) {
      throw new Error(`${this.name}: hidden size ${hidden} is not divisible by numHeads ${this.numHeads}; set headDim`);
    }
    const qWidth = this.numHeads * this.headDim;
    const kvWidth = this.numKvHeads * this.headDim;
    const make = (attr: string, units: number, useBias: boolean, salt: number) =>
      new Linear({ units, useBias, seed: initSeed(this.seed, salt), name: this.childName(attr), trainable: this.trainable });
    this.qProj = make("q_proj", qWidth, this.qkvBias, 0);
    this.kProj = make("k_proj", kvWidth, this.qkvBias, 1);
    this.vProj = make("v_proj", kvWidth, this.qkvBias, 2);
    this.oProj = make("o_proj", hidden, this.outputBias, 3);
    for (const proj of [this.qProj, this.kProj, this.vProj]) buildChild(proj, shape);
    buildChild(this.oProj, [...shape.slice(0, -1), qWidth]);
    this.rotary = new RotaryEmbedding({ headDim: this.headDim, theta: this.ropeTheta });
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: AttentionCallOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [B, n, hidden]
      const [batch, length] = x.shape as [number, number, number];
      const { numHeads, numKvHeads, headDim } = this;
      const groups = numHeads / numKvHeads;
      const offset = kwargs.positionOffset ?? kwargs.kvCache?.length ?? 0;
      if (fusedKernelsActive() && !kwargs.kvCache) return this.callTokenMajor(x, offset, kwargs.rotary);

      const q = tf.transpose(
        tf.reshape(this.qProj!.call(x) as tf.Tensor, [batch, length, numHeads, headDim]), // [B, n, n_q, hd]
        [0, 2, 1, 3],
      ); // [B, n_q, n, hd]
      const k = tf.transpose(
        tf.reshape(this.kProj!.call(x) as tf.Tensor, [batch, length, numKvHeads, headDim]), // [B, n, n_kv, hd]
        [0, 2, 1, 3],
      ); // [B, n_kv, n, hd]
      let v = tf.transpose(
        tf.reshape(this.vProj!.call(x) as tf.Tensor, [batch, length, numKvHeads, headDim]), // [B, n, n_kv, hd]
        [0, 2, 1, 3],
      ); // [B, n_kv, n, hd]

      let [qRot, kRot] = kwargs.rotary
        ? [applyRotaryTables(q, kwargs.rotary), applyRotaryTables(k, kwargs.rotary)]
        : this.applyOwnRotary(q, k, length, offset);
      if (kwargs.kvCache) ({ keys: kRot, values: v } = kwargs.kvCache.append(kRot, v)); // [B, n_kv, total, hd]
      const total = kRot.shape[2]!;

      if (fusedKernelsActive()) {
        // One kernel each way, grouping heads inside (no repeated k/v, no probs round trip).
        const perHead = fusedAttention(qRot, kRot, v, { scale: 1 / Math.sqrt(headDim), causal: this.causal, offset }); // [B, n_q, n, hd]
        const tokenMajor = tf.transpose(perHead, [0, 2, 1, 3]); // [B, n, n_q, hd]
        return this.oProj!.call(tf.reshape(tokenMajor, [batch, length, numHeads * headDim])) as tf.Tensor; // [B, n, hidden]
      }
      // Group query heads by the kv head they share instead of repeating k and v:
      // query head j*g + r sits at row r*n + i of group j.
      const qGrouped = tf.reshape(qRot, [batch, numKvHeads, groups * length, headDim]); // [B, n_kv, g*n, hd]
      let scores = tf.mul(tf.matMul(qGrouped, kRot, false, true), 1 / Math.sqrt(headDim)); // [B, n_kv, g*n, total]
      if (this.causal) scores = tf.add(scores, causalMask(groups, length, total, offset)); // [g*n, total] broadcast
      const probs = tf.softmax(scores, -1);
      const grouped = tf.matMul(probs, v); // [B, n_kv, g*n, hd]
      const perHead = tf.reshape(grouped, [batch, numHeads, length, headDim]); // [B, n_q, n, hd]
      const tokenMajor = tf.transpose(perHead, [0, 2, 1, 3]); // [B, n, n_q, hd]
      const context = tf.reshape(tokenMajor, [batch, length, numHeads * headDim]); // [B, n, n_q*hd]
      return this.oProj!.call(context) as tf.Tensor; // [B, n, hidden]
    });
  }

  /**
   * The same attention on the projections' own token-major layout [B, n, heads*hd], with
   * fused kernels (RoPE, attention core): no reshapes or transposes, forward or backward.
   */
  private callTokenMajor(x: tf.Tensor, offset: number, tables: RotaryTables | undefined): tf.Tensor {
    const length = x.shape[1]!;
    const { cos, sin } = tables ?? this.rotary!.cosSin(length, offset); // [n, hd]
    const rotate = (projected: tf.Tensor, heads: number) =>
      tables ? applyRotaryTablesTokenMajor(projected, tables, heads) : fusedRotary(projected, cos, sin);
    const q = rotate(this.qProj!.call(x) as tf.Tensor, this.numHeads); // [B, n, n_q*hd]
    const k = rotate(this.kProj!.call(x) as tf.Tensor, this.numKvHeads); // [B, n, n_kv*hd]
    const v = this.vProj!.call(x) as tf.Tensor; // [B, n, n_kv*hd]
    const context = fusedAttention(q, k, v, {
      scale: 1 / Math.sqrt(this.headDim),
      causal: this.causal,
      offset,
      numHeads: this.numHeads,
      numKvHeads: this.numKvHeads,
    }); // [B, n, n_q*hd]
    return this.oProj!.call(context) as tf.Tensor; // [B, n, hidden]
  }

  /** The layer's own 1-D RoPE over positions offset..offset+n-1. */
  private applyOwnRotary(q: tf.Tensor, k: tf.Tensor, length: number, offset: number): [tf.Tensor, tf.Tensor] {
    const { cos, sin } = this.rotary!.cosSin(length, offset); // [n, hd]
    return applyRotaryPosEmb(q, k, cos, sin);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      numKvHeads: this.numKvHeads,
      headDim: this.headDimConfig ?? null,
      qkvBias: this.qkvBias,
      outputBias: this.outputBias,
      ropeTheta: this.ropeTheta,
      causal: this.causal,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(GroupedQueryAttention);

/** Additive mask `[g*n, total]`: query i (at absolute position offset+i) sees keys 0..offset+i. */
function causalMask(groups: number, length: number, total: number, offset: number): tf.Tensor2D {
  const mask = new Float32Array(groups * length * total);
  for (let r = 0; r < groups; r++) {
    for (let i = 0; i < length; i++) {
      const row = (r * length + i) * total;
      for (let j = offset + i + 1; j < total; j++) mask[row + j] = -1e9;
    }
  }
  return tf.tensor2d(mask, [groups * length, total]);
}
