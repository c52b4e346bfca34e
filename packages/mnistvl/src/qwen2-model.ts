import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer, initSeed, Linear, QWEN2_BLOCK_NAMES, RMSNorm, TransformerBlock } from "@llmnist/nn-layers";
import type { Qwen2Cache } from "./qwen2-cache.js";
import { validateQwen2Config, type Qwen2Config } from "./qwen2-config.js";
import { TokenEmbedding } from "./token-embedding.js";

export interface Qwen2Options {
  seed?: number;
  trainable?: boolean;
}

/** What the decoder reads: token ids or ready-made embeddings (e.g. with image embeddings spliced in). */
export interface DecoderInput {
  /** int32 `[B, n]`. */
  inputIds?: tf.Tensor;
  /** `[B, n, hidden]`; wins over inputIds. */
  inputsEmbeds?: tf.Tensor;
  /** Earlier positions; appended to in place. */
  cache?: Qwen2Cache;
}

/**
 * HF's `Qwen2Model`: `embed_tokens` -> `layers.{i}` (pre-norm causal GQA + SwiGLU blocks from
 * @llmnist/nn-layers) -> final `norm`. Child names follow HF, below the `model.` prefix.
 */
export class Qwen2Model extends CompositeLayer {
  static className = "LlmnistQwen2Model";
  readonly qwenConfig: Qwen2Config;
  readonly embedTokens: TokenEmbedding;
  readonly layers: TransformerBlock[];
  readonly norm: RMSNorm;

  constructor(config: Qwen2Config, options: Qwen2Options & { name?: string } = {}) {
    super({ name: options.name ?? "model", trainable: options.trainable });
    validateQwen2Config(config);
    this.qwenConfig = config;
    const c = config;
    this.embedTokens = new TokenEmbedding({ vocabSize: c.vocabSize, dim: c.hiddenSize, seed: initSeed(options.seed, 0), name: this.childName("embed_tokens") });
    this.layers = Array.from({ length: c.numHiddenLayers }, (_, i) =>
      new TransformerBlock({
        numHeads: c.numAttentionHeads,
        numKvHeads: c.numKeyValueHeads,
        headDim: c.headDim,
        intermediateSize: c.intermediateSize,
        qkvBias: true,
        outputBias: false,
        mlpBias: false,
        ropeTheta: c.ropeTheta,
        rmsNormEps: c.rmsNormEps,
        causal: true,
        names: QWEN2_BLOCK_NAMES,
        seed: initSeed(options.seed, 100 + i),
        name: this.childName(`layers.${i}`),
      }),
    );
    this.norm = new RMSNorm({ eps: c.rmsNormEps, name: this.childName("norm") });
  }

  protected children(): tfl.layers.Layer[] {
    return [this.embedTokens, ...this.layers, this.norm];
  }

  override build(): void {
    const shape = [null, null, this.qwenConfig.hiddenSize];
    buildChild(this.embedTokens, [null, null]);
    for (const block of this.layers) buildChild(block, shape);
    buildChild(this.norm, shape);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [...(inputShape as tfl.Shape).slice(0, 2), this.qwenConfig.hiddenSize];
  }

  /** Final-norm hidden states `[B, n, hidden]`. */
  hidden(input: DecoderInput): tf.Tensor {
    return tf.tidy(() => {
      let x = this.inputEmbeddings(input); // [B, n, hidden]
      const cache = input.cache;
      if (cache && cache.layers.length !== this.layers.length) {
        throw new Error(`Qwen2Model: cache has ${cache.layers.length} layers, the model ${this.layers.length}`);
      }
      this.layers.forEach((block, i) => {
        x = block.call(x, cache ? { kvCache: cache.layers[i] } : {}) as tf.Tensor;
      });
      return this.norm.call(x) as tf.Tensor;
    });
  }

  private inputEmbeddings(input: DecoderInput): tf.Tensor {
    if (input.inputsEmbeds) {
      const e = input.inputsEmbeds;
      if (e.rank !== 3 || e.shape[2] !== this.qwenConfig.hiddenSize) {
        throw new Error(`Qwen2Model: inputsEmbeds must be [B, n, ${this.qwenConfig.hiddenSize}], got [${e.shape.join(", ")}]`);
      }
      return e;
    }
    if (!input.inputIds) throw new Error("Qwen2Model: give inputIds or inputsEmbeds");
    if (input.inputIds.rank !== 2) throw new Error(`Qwen2Model: inputIds must be [B, n], got [${input.inputIds.shape.join(", ")}]`);
    return this.embedTokens.call(input.inputIds) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.hidden({ inputIds: Array.isArray(inputs) ? inputs[0]! : inputs });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.qwenConfig };
  }
}
tf.serialization.registerClass(Qwen2Model);

/**
 * HF's `Qwen2ForCausalLM`: `model` (Qwen2Model) and `lm_head`, which is the embedding matrix
 * itself when `tieWordEmbeddings` (no `lm_head.weight` then). Weight names are HF's:
 * `model.layers.0.self_attn.q_proj.weight`, `model.norm.weight`, `lm_head.weight`.
 */
export class Qwen2ForCausalLM extends CompositeLayer {
  static className = "LlmnistQwen2ForCausalLM";
  readonly qwenConfig: Qwen2Config;
  readonly model: Qwen2Model;
  readonly lmHead: Linear | null;

  constructor(config: Qwen2Config, options: Qwen2Options = {}) {
    super({ name: "qwen2_for_causal_lm", trainable: options.trainable });
    this.qwenConfig = config;
    this.model = new Qwen2Model(config, { seed: options.seed, trainable: options.trainable, name: this.childName("model") });
    this.lmHead = config.tieWordEmbeddings
      ? null
      : new Linear({ units: config.vocabSize, useBias: false, seed: initSeed(options.seed, 1), name: this.childName("lm_head") });
  }

  /** A root module: children carry HF's top-level attribute names. */
  protected override childName(attribute: string): string {
    return attribute;
  }

  protected children(): tfl.layers.Layer[] {
    return this.lmHead ? [this.model, this.lmHead] : [this.model];
  }

  override build(): void {
    buildChild(this.model, [null, null]);
    if (this.lmHead) buildChild(this.lmHead, [null, this.qwenConfig.hiddenSize]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [...(inputShape as tfl.Shape).slice(0, 2), this.qwenConfig.vocabSize];
  }

  /** Final-norm hidden states `[B, n, hidden]`. */
  hidden(input: DecoderInput): tf.Tensor {
    return this.model.hidden(input);
  }

  /** LM-head logits `[..., vocab]` for hidden states `[..., hidden]`. */
  logits(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const d = this.qwenConfig.hiddenSize;
      const flat = tf.reshape(hidden, [-1, d]); // [rows, hidden]
      const scores = this.lmHead
        ? (this.lmHead.call(flat) as tf.Tensor)
        : tf.matMul(flat, this.model.embedTokens.weight, false, true); // [rows, vocab]
      return tf.reshape(scores, [...hidden.shape.slice(0, -1), this.qwenConfig.vocabSize]); // [..., vocab]
    });
  }

  /** Logits `[B, n, vocab]` at every position. */
  forward(input: DecoderInput): tf.Tensor {
    return tf.tidy(() => this.logits(this.hidden(input)));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.forward({ inputIds: Array.isArray(inputs) ? inputs[0]! : inputs });
  }

  /** Every weight under its HF name, in registration order. */
  namedWeights(): Array<[string, tfl.LayerVariable]> {
    return this.weights.map((w) => [w.originalName, w]);
  }

  /** Free every weight and the RoPE tables. */
  override disposeWeights(): number {
    this.model.layers.forEach((block) => block.attn.rotary?.dispose());
    return super.disposeWeights();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.qwenConfig };
  }
}
tf.serialization.registerClass(Qwen2ForCausalLM);

/** A built Qwen2ForCausalLM with freshly initialised weights. */
export function createQwen2ForCausalLM(config: Qwen2Config, options: Qwen2Options = {}): Qwen2ForCausalLM {
  const model = new Qwen2ForCausalLM(config, options);
  model.build();
  return model;
}
