import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { type AttentionCallOptions, GroupedQueryAttention } from "./attention.js";
import { buildChild, CompositeLayer } from "./composite-layer.js";
import { initSeed } from "./init.js";
import { createMlp, type MlpConfig } from "./mlp-registry.js";
import { RMSNorm } from "./rms-norm.js";
import { singleShape } from "./shapes.js";

/** Attribute names of the four parts; they become the weights' names. */
export interface TransformerBlockNames {
  attnNorm: string;
  attn: string;
  mlpNorm: string;
  mlp: string;
}

/** The paper's ViT names its parts like this (`layers.0.norm1.weight`). */
export const VIT_BLOCK_NAMES: TransformerBlockNames = { attnNorm: "norm1", attn: "attn", mlpNorm: "norm2", mlp: "mlp" };
/** Hugging Face's Qwen2 decoder layer names (`model.layers.0.input_layernorm.weight`). */
export const QWEN2_BLOCK_NAMES: TransformerBlockNames = {
  attnNorm: "input_layernorm",
  attn: "self_attn",
  mlpNorm: "post_attention_layernorm",
  mlp: "mlp",
};

export interface TransformerBlockConfig {
  numHeads: number;
  numKvHeads: number;
  /** SwiGLU hidden width (of each expert, for a mixture of experts). */
  intermediateSize: number;
  headDim?: number;
  qkvBias?: boolean;
  outputBias?: boolean;
  mlpBias?: boolean;
  ropeTheta?: number;
  rmsNormEps?: number;
  causal?: boolean;
  /**
   * Which MLP, by registered type (see `registerMlpType`): default `{ type: "swiglu" }`;
   * `{ type: "moe", numExperts, topK, capacityFactor?, auxLossWeight? }` for `MoEMLP`.
   */
  mlp?: MlpConfig;
  names?: TransformerBlockNames;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** Pre-norm block: `x = x + Attn(RMSNorm(x)); x = x + MLP(RMSNorm(x))`. */
export class TransformerBlock extends CompositeLayer {
  static className = "LlmnistTransformerBlock";
  readonly config: Required<Omit<TransformerBlockConfig, "headDim" | "seed" | "mlp" | "name" | "trainable">> &
    Pick<TransformerBlockConfig, "headDim" | "seed" | "mlp">;
  readonly attnNorm: RMSNorm;
  readonly attn: GroupedQueryAttention;
  readonly mlpNorm: RMSNorm;
  /** A `SwiGLUMLP` unless `config.mlp` chose another type. */
  readonly mlp: tfl.layers.Layer;

  constructor(config: TransformerBlockConfig) {
    super(config);
    this.config = {
      numHeads: config.numHeads,
      numKvHeads: config.numKvHeads,
      intermediateSize: config.intermediateSize,
      headDim: config.headDim,
      qkvBias: config.qkvBias ?? true,
      outputBias: config.outputBias ?? false,
      mlpBias: config.mlpBias ?? false,
      ropeTheta: config.ropeTheta ?? 10000,
      rmsNormEps: config.rmsNormEps ?? 1e-6,
      causal: config.causal ?? false,
      mlp: config.mlp,
      names: config.names ?? VIT_BLOCK_NAMES,
      seed: config.seed,
    };
    const c = this.config;
    const trainable = config.trainable;
    this.attnNorm = new RMSNorm({ eps: c.rmsNormEps, name: this.childName(c.names.attnNorm), trainable });
    this.attn = new GroupedQueryAttention({
      numHeads: c.numHeads,
      numKvHeads: c.numKvHeads,
      headDim: c.headDim,
      qkvBias: c.qkvBias,
      outputBias: c.outputBias,
      ropeTheta: c.ropeTheta,
      causal: c.causal,
      seed: initSeed(c.seed, 0),
      name: this.childName(c.names.attn),
      trainable,
    });
    this.mlpNorm = new RMSNorm({ eps: c.rmsNormEps, name: this.childName(c.names.mlpNorm), trainable });
    this.mlp = createMlp(c.mlp, {
      intermediateSize: c.intermediateSize,
      useBias: c.mlpBias,
      seed: initSeed(c.seed, 1),
      name: this.childName(c.names.mlp),
      trainable,
    });
  }

  protected children(): tfl.layers.Layer[] {
    // PyTorch registration order: norm1, attn, norm2, mlp.
    return [this.attnNorm, this.attn, this.mlpNorm, this.mlp];
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleShape(inputShape, this.name);
    for (const child of this.children()) buildChild(child, shape);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: AttentionCallOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [B, n, hidden]
      const attended = tf.add(x, this.attn.call(this.attnNorm.call(x), kwargs));
      return tf.add(attended, this.mlp.call(this.mlpNorm.call(attended), {}) as tf.Tensor);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { names, headDim, seed, mlp, ...rest } = this.config;
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), ...rest, headDim: headDim ?? null, seed: seed ?? null, names: { ...names } };
    // No `mlp` key for the default, so a SwiGLU block's config is what it always was.
    if (mlp !== undefined) config.mlp = { ...mlp } as tf.serialization.ConfigDict;
    return config;
  }
}
tf.serialization.registerClass(TransformerBlock);
