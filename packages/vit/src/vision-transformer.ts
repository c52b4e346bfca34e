import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer, initSeed, Linear, type TransformerBlock } from "@llmnist/nn-layers";
import { ClassToken } from "./class-token.js";
import { resolveViTConfig, sequenceLength, type ViTConfig, type ViTPresetName } from "./config.js";
import { PatchEmbedding } from "./patch-embedding.js";
import { createViTBlocks } from "./vit-blocks.js";

export interface VisionTransformerOptions {
  /** Seed for every initialiser (each weight gets its own stream); random when omitted. */
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * The paper's ViT with LLM blocks, top to bottom:
 *
 *   images [B, 28, 28, 1]
 *   -> patch_embed: p x p patches, one bias-free linear map      [B, n, dim]
 *   -> cls_token prepended at position 0                          [B, n+1, dim]
 *   -> layers.0 .. layers.{L-1}: pre-norm blocks
 *        x = x + GQA(RMSNorm(x))   (RoPE over positions 0..n, class token at 0)
 *        x = x + SwiGLU(RMSNorm(x))   (or a mixture of SwiGLU experts: config.mlp)
 *   -> the class token's output (no final norm)                   [B, dim]
 *   -> head: linear with bias                                     [B, classes]
 *
 * Weights carry PyTorch's names (`layers.0.attn.q_proj.weight`), so checkpoints convert
 * by layout alone. Also a `TrainableModel` for `@llmnist/train` (`forward`, `namedParameters`).
 */
export class VisionTransformer extends CompositeLayer {
  static className = "LlmnistVisionTransformer";
  readonly vitConfig: ViTConfig;
  readonly seed: number | undefined;
  readonly patchEmbed: PatchEmbedding;
  readonly clsToken: ClassToken;
  readonly layers: TransformerBlock[];
  readonly head: Linear;

  constructor(config: ViTConfig, options: VisionTransformerOptions = {}) {
    super({ name: options.name ?? "vit", trainable: options.trainable });
    this.vitConfig = resolveViTConfig(config);
    this.seed = options.seed;
    const c = this.vitConfig;
    this.patchEmbed = new PatchEmbedding({ patchSize: c.patchSize, hiddenSize: c.hiddenSize, seed: initSeed(this.seed, 0), name: this.childName("patch_embed.proj") });
    this.clsToken = new ClassToken({ seed: initSeed(this.seed, 1), name: this.childName("cls_token") });
    this.layers = createViTBlocks(c, this.seed, (attribute) => this.childName(attribute));
    this.head = new Linear({ units: c.numClasses, useBias: true, seed: initSeed(this.seed, 2), name: this.childName("head") });
  }

  /** The ViT is a root module: its parts are named like PyTorch's top-level attributes. */
  protected override childName(attribute: string): string {
    return attribute;
  }

  protected children(): tfl.layers.Layer[] {
    // PyTorch registration order of the reference model.
    return [this.patchEmbed, this.clsToken, ...this.layers, this.head];
  }

  override build(inputShape?: tfl.Shape | tfl.Shape[]): void {
    const c = this.vitConfig;
    const batch = (inputShape as tfl.Shape | undefined)?.[0] ?? null;
    const n = sequenceLength(c);
    buildChild(this.patchEmbed, [batch, c.imageSize, c.imageSize, c.channels]);
    buildChild(this.clsToken, [batch, n - 1, c.hiddenSize]);
    for (const block of this.layers) buildChild(block, [batch, n, c.hiddenSize]);
    buildChild(this.head, [batch, c.hiddenSize]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0] ?? null, this.vitConfig.numClasses];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const images = this.toImages(Array.isArray(inputs) ? inputs[0]! : inputs); // [B, 28, 28, 1]
      let x = this.patchEmbed.call(images) as tf.Tensor; // [B, n, dim]
      x = this.clsToken.call(x) as tf.Tensor; // [B, n+1, dim]
      for (const block of this.layers) x = block.call(x) as tf.Tensor;
      const [batch, , dim] = x.shape as [number, number, number];
      const cls = tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, dim]), [batch, dim]); // [B, dim]
      return this.head.call(cls) as tf.Tensor; // [B, classes]
    });
  }

  /** Logits `[B, classes]` for images; the `TrainableModel` entry point. */
  forward(images: tf.Tensor, _training = false): tf.Tensor2D {
    return this.call(images) as tf.Tensor2D;
  }

  /** Class probabilities `[B, classes]`. */
  predictProba(images: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.forward(images)) as tf.Tensor2D);
  }

  /** Trainable variables under their PyTorch names, in PyTorch's order. */
  namedParameters(): Array<[string, tf.Variable]> {
    return this.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]);
  }

  /** Free every weight (also when the model was never called through `apply`). */
  override disposeWeights(): number {
    this.layers.forEach((block) => block.attn.rotary?.dispose());
    return super.disposeWeights();
  }

  /** Wrap in a functional `tf.LayersModel` (for `model.save`, `model.predict`, `model.fit`). */
  toLayersModel(): tfl.LayersModel {
    const c = this.vitConfig;
    const input = tfl.input({ shape: [c.imageSize, c.imageSize, c.channels], name: "images" });
    return tfl.model({ inputs: input, outputs: this.apply(input) as tfl.SymbolicTensor, name: "llmnist_vit" });
  }

  /** Accept [B, H, W, C], [B, H, W] or flat [B, H*W*C] pixels in [0, 1]. */
  private toImages(x: tf.Tensor): tf.Tensor {
    const c = this.vitConfig;
    const expected = [c.imageSize, c.imageSize, c.channels];
    if (x.rank === 4 && x.shape.slice(1).every((v, i) => v === expected[i])) return x;
    if (x.rank === 3 && c.channels === 1 && x.shape[1] === c.imageSize && x.shape[2] === c.imageSize) {
      return tf.reshape(x, [x.shape[0]!, ...expected]); // [B, H, W, 1]
    }
    if (x.rank === 2 && x.shape[1] === c.imageSize * c.imageSize * c.channels) {
      return tf.reshape(x, [x.shape[0]!, ...expected]); // [B, H, W, C]
    }
    throw new Error(`VisionTransformer: expected images [B, ${expected.join(", ")}], got [${x.shape.join(", ")}]`);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { mlp, ...vit } = this.vitConfig;
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), ...vit, seed: this.seed ?? null };
    // Only a non-default MLP adds a key: the paper's models keep their config as it was.
    if (mlp !== undefined) config.mlp = { ...mlp } as tf.serialization.ConfigDict;
    return config;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { name, trainable, seed, ...vit } = config as unknown as ViTConfig & { name?: string; trainable?: boolean; seed?: number | null };
    const clean = Object.fromEntries(Object.entries(vit).filter(([k]) => k in DEFAULT_KEYS)) as unknown as ViTConfig;
    const model = new (cls as unknown as typeof VisionTransformer)(clean, { name, trainable, seed: seed ?? undefined });
    // Build now, outside any name scope, so weight names stay the PyTorch ones.
    model.build();
    return model as unknown as T;
  }
}
tf.serialization.registerClass(VisionTransformer);

const DEFAULT_KEYS: Record<keyof ViTConfig, true> = {
  numLayers: true, patchSize: true, hiddenSize: true, intermediateSize: true, numHeads: true, numKvHeads: true,
  numClasses: true, imageSize: true, channels: true, ropeTheta: true, rmsNormEps: true, mlp: true,
};

/** Create a ViT from a preset name (`"0.21M"`, ...) or a config, built and ready to use. */
export function createVisionTransformer(
  presetOrConfig: ViTPresetName | string | Partial<ViTConfig>,
  options: VisionTransformerOptions = {},
): VisionTransformer {
  const model = new VisionTransformer(resolveViTConfig(presetOrConfig), options);
  model.build([null, model.vitConfig.imageSize, model.vitConfig.imageSize, model.vitConfig.channels]);
  return model;
}

/**
 * How another thread (a data-parallel replica) builds the same model: this package's ESM
 * entry, the export and its arguments (plain data; the weights come from the trained model).
 */
export function vitFactory(
  presetOrConfig: ViTPresetName | string | Partial<ViTConfig>,
  options: VisionTransformerOptions = {},
): { module: string; exportName: string; args: unknown[] } {
  resolveViTConfig(presetOrConfig); // validates before another thread is asked to
  return { module: new URL("./index.js", import.meta.url).href, exportName: "createVisionTransformer", args: [presetOrConfig, options] };
}
