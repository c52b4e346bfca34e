import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer, initSeed, Linear, RMSNorm, type TransformerBlock } from "@llmnist/nn-layers";
import { PatchEmbedding } from "@llmnist/vit";
import { createViTBlocks } from "@llmnist/vit/internal";
import { outputWidth, resolveVitDetectorConfig, VIT_DETECTOR_DEFAULTS, type VitDetectorConfig } from "./config.js";
import { decodeDetections, type DecodeOptions, type Detection } from "./decode.js";
import { gridLayout, type GridLayout } from "./layout.js";
import { Rope2D } from "./rope2d.js";

export interface VitDetectorOptions {
  /** Seed for every initialiser (each weight gets its own stream); random when omitted. */
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * A ViT detector of any input size, top to bottom:
 *
 *   images [B, H, W, C], H and W multiples of p
 *   -> patch_embed: p x p patches, one bias-free linear map (= stride-p conv)   [B, n, dim], n = (H/p)(W/p)
 *   -> layers.0 .. layers.{L-1}: pre-norm blocks
 *        x = x + GQA(RMSNorm(x))   (2-D RoPE: patch row and column, no absolute positions)
 *        x = x + SwiGLU(RMSNorm(x))
 *   -> norm: RMSNorm                                                            [B, n, dim]
 *   -> head: linear with bias, per patch                                        [B, n, 1 + classes + 4]
 *
 * Per patch (= grid cell): objectness logit, class logits, box (see box-coding.ts). No class
 * token and no position table, so the same weights run on any H x W.
 */
export class VitDetector extends CompositeLayer {
  static className = "LlmnistVitDetector";
  readonly detectorConfig: VitDetectorConfig;
  readonly seed: number | undefined;
  readonly patchEmbed: PatchEmbedding;
  readonly layers: TransformerBlock[];
  readonly norm: RMSNorm;
  readonly head: Linear;
  readonly rope: Rope2D;

  constructor(config: Partial<VitDetectorConfig> = {}, options: VitDetectorOptions = {}) {
    super({ name: options.name ?? "vit_detector", trainable: options.trainable });
    this.detectorConfig = resolveVitDetectorConfig(config);
    this.seed = options.seed;
    const c = this.detectorConfig;
    this.patchEmbed = new PatchEmbedding({ patchSize: c.patchSize, hiddenSize: c.hiddenSize, seed: initSeed(this.seed, 0), name: this.childName("patch_embed.proj") });
    // The ViT's blocks; their ropeTheta is unused: the 2-D tables are passed in on every call.
    this.layers = createViTBlocks(c, this.seed, (attribute) => this.childName(attribute));
    this.norm = new RMSNorm({ eps: c.rmsNormEps, name: this.childName("norm") });
    this.head = new Linear({ units: outputWidth(c), useBias: true, seed: initSeed(this.seed, 2), name: this.childName("head") });
    this.rope = new Rope2D(c.hiddenSize / c.numHeads, c.ropeTheta);
  }

  /** A root module: its parts are named like PyTorch's top-level attributes. */
  protected override childName(attribute: string): string {
    return attribute;
  }

  protected children(): tfl.layers.Layer[] {
    return [this.patchEmbed, ...this.layers, this.norm, this.head];
  }

  override build(inputShape?: tfl.Shape | tfl.Shape[]): void {
    const c = this.detectorConfig;
    const batch = (inputShape as tfl.Shape | undefined)?.[0] ?? null;
    // Weights do not depend on the image size: build for one patch.
    buildChild(this.patchEmbed, [batch, c.patchSize, c.patchSize, c.channels]);
    for (const block of this.layers) buildChild(block, [batch, null, c.hiddenSize]);
    buildChild(this.norm, [batch, null, c.hiddenSize]);
    if (!this.head.built) {
      buildChild(this.head, [batch, null, c.hiddenSize]);
      this.initObjectnessBias();
    }
    this.built = true;
  }

  /** The objectness bias starts at logit(prior), so empty cells start out scoring low. */
  private initObjectnessBias(): void {
    const prior = this.detectorConfig.objectnessPrior;
    const bias = this.head.bias!;
    const values = Float32Array.from(bias.read().dataSync());
    values[0] = Math.log(prior / (1 - prior));
    tf.tidy(() => {
      bias.write(tf.tensor1d(values));
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch, height, width] = inputShape as tfl.Shape;
    const p = this.detectorConfig.patchSize;
    const n = height == null || width == null ? null : (height / p) * (width / p);
    return [batch ?? null, n, outputWidth(this.detectorConfig)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const images = this.toImages(Array.isArray(inputs) ? inputs[0]! : inputs); // [B, H, W, C]
      const { rows, cols } = this.layoutFor(images.shape[1]!, images.shape[2]!);
      const rotary = this.rope.tables(rows, cols); // [n, head_dim], n = rows*cols
      let x = this.patchEmbed.call(images) as tf.Tensor; // [B, n, dim]
      for (const block of this.layers) x = block.call(x, { rotary }) as tf.Tensor;
      return this.head.call(this.norm.call(x)) as tf.Tensor; // [B, n, 1 + classes + 4]
    });
  }

  /** Per-cell outputs `[B, (H/p)(W/p), 1 + classes + 4]` for images `[B, H, W, C]` (or `[B, H, W]` when gray). */
  forward(images: tf.Tensor, _training = false): tf.Tensor3D {
    return this.call(images) as tf.Tensor3D;
  }

  /** The grid of an input of `height` x `width` pixels (both multiples of patchSize). */
  layoutFor(height: number, width: number): GridLayout {
    return gridLayout(height, width, this.detectorConfig);
  }

  /** forward + decodeDetections: boxes in input pixels, per image. */
  detect(images: tf.Tensor, options: DecodeOptions = {}): Detection[][] {
    const outputs = this.forward(images);
    try {
      return decodeDetections(outputs, this.layoutFor(images.shape[1]!, images.shape[2]!), options);
    } finally {
      outputs.dispose();
    }
  }

  /** Trainable variables under their PyTorch-style names, in registration order. */
  namedParameters(): Array<[string, tf.Variable]> {
    return this.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable]);
  }

  /** Free every weight and the cached RoPE tables. */
  override disposeWeights(): number {
    this.rope.dispose();
    return super.disposeWeights();
  }

  /** Wrap in a functional `tf.LayersModel` with input `[B, null, null, C]` (any size). */
  toLayersModel(): tfl.LayersModel {
    const input = tfl.input({ shape: [null, null, this.detectorConfig.channels], name: "images" });
    return tfl.model({ inputs: input, outputs: this.apply(input) as tfl.SymbolicTensor, name: "llmnist_vit_detector" });
  }

  /** Accept `[B, H, W, C]`, or `[B, H, W]` for one channel. */
  private toImages(x: tf.Tensor): tf.Tensor {
    const channels = this.detectorConfig.channels;
    if (x.rank === 4 && x.shape[3] === channels) return x;
    if (x.rank === 3 && channels === 1) return tf.expandDims(x, -1); // [B, H, W, 1]
    throw new Error(`VitDetector: expected images [B, H, W, ${channels}], got [${x.shape.join(", ")}]`);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.detectorConfig, seed: this.seed ?? null };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { name, trainable, seed, ...rest } = config as unknown as VitDetectorConfig & { name?: string; trainable?: boolean; seed?: number | null };
    const detector = Object.fromEntries(Object.entries(rest).filter(([k]) => k in VIT_DETECTOR_DEFAULTS)) as Partial<VitDetectorConfig>;
    // `cls`, not VitDetector: a registered subclass comes back as itself.
    const model = new (cls as unknown as typeof VitDetector)(detector, { name, trainable, seed: seed ?? undefined });
    // Build now, outside any name scope, so weight names stay the PyTorch-style ones.
    model.build();
    return model as unknown as T;
  }
}
tf.serialization.registerClass(VitDetector);

/** A built detector, reproducible from `seed`. */
export function createVitDetector(config: Partial<VitDetectorConfig> = {}, options: VitDetectorOptions = {}): VitDetector {
  const model = new VitDetector(config, options);
  model.build();
  return model;
}

/**
 * How another thread (a data-parallel replica) builds the same model: this package's ESM
 * entry, the export and its arguments (plain data; the weights come from the trained model).
 */
export function vitDetectorFactory(
  config: Partial<VitDetectorConfig> = {},
  options: VitDetectorOptions = {},
): { module: string; exportName: string; args: unknown[] } {
  resolveVitDetectorConfig(config); // validates before another thread is asked to
  return { module: new URL("./index.js", import.meta.url).href, exportName: "createVitDetector", args: [config, options] };
}
