import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";

export interface TokenEmbeddingConfig {
  vocabSize: number;
  /** Width of one embedding row (the decoder's hidden size). */
  dim: number;
  /** Std of the N(0, std) initialisation (HF's `initializer_range`, 0.02). */
  initStd?: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * A `[vocab, dim]` lookup table (PyTorch `nn.Embedding`); its weight is `<name>.weight`,
 * stored as in PyTorch (no transpose), so a tied LM head reads it as `[vocab, dim]` too.
 */
export class TokenEmbedding extends tfl.layers.Layer {
  static className = "LlmnistTokenEmbedding";
  readonly vocabSize: number;
  readonly dim: number;
  readonly initStd: number;
  readonly seed: number | undefined;
  embeddings: tfl.LayerVariable | null = null;

  constructor(config: TokenEmbeddingConfig) {
    super(config);
    for (const field of ["vocabSize", "dim"] as const) {
      const v = config[field];
      if (!Number.isInteger(v) || v <= 0) throw new Error(`TokenEmbedding: ${field} must be a positive integer, got ${v}`);
    }
    this.vocabSize = config.vocabSize;
    this.dim = config.dim;
    this.initStd = config.initStd ?? 0.02;
    this.seed = config.seed;
  }

  override build(): void {
    const init = tfl.initializers.randomNormal({ mean: 0, stddev: this.initStd, seed: this.seed });
    this.embeddings = this.addWeight(`${this.name}.weight`, [this.vocabSize, this.dim], "float32", init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [...(inputShape as tfl.Shape), this.dim];
  }

  /** ids `[...]` (int32) -> `[..., dim]`. Ids outside the vocabulary are an error, not a silent zero row. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (ids.dtype !== "int32") throw new Error(`${this.name}: token ids must be int32, got ${ids.dtype}`);
    checkIds(ids.dataSync() as Int32Array, this.vocabSize, this.name);
    return tf.tidy(() => {
      const flat = tf.reshape(ids, [-1]); // [tokens]
      const rows = tf.gather(this.embeddings!.read(), flat); // [tokens, dim]
      return tf.reshape(rows, [...ids.shape, this.dim]); // [..., dim]
    });
  }

  /** The table itself, `[vocab, dim]`. */
  get weight(): tf.Tensor2D {
    return this.embeddings!.read() as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, dim: this.dim, initStd: this.initStd, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(TokenEmbedding);

function checkIds(ids: ArrayLike<number>, vocabSize: number, where: string): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= vocabSize) throw new Error(`${where}: token id ${id} at index ${i} is outside the vocabulary [0, ${vocabSize})`);
  }
}
