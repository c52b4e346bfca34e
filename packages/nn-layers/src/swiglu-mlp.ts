import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelsActive, fusedSwiGLU } from "@llmnist/kernels";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer } from "./composite-layer.js";
import { initSeed } from "./init.js";
import { Linear } from "./linear.js";
import { featureSize, singleShape } from "./shapes.js";

export interface SwiGLUMLPConfig {
  /** Width of the gated hidden layer (the paper's "hidden"; Qwen2's `intermediate_size`). */
  intermediateSize: number;
  /** Bias on the three projections (none in the paper and in Qwen2). */
  useBias?: boolean;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** SwiGLU feed-forward: `down(silu(gate(x)) * up(x))`, silu(x) = x * sigmoid(x). */
export class SwiGLUMLP extends CompositeLayer {
  static className = "LlmnistSwiGLUMLP";
  readonly intermediateSize: number;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  readonly gateProj: Linear;
  readonly upProj: Linear;
  downProj: Linear | null = null;

  constructor(config: SwiGLUMLPConfig) {
    super(config);
    this.intermediateSize = config.intermediateSize;
    this.useBias = config.useBias ?? false;
    this.seed = config.seed;
    const common = { useBias: this.useBias, trainable: config.trainable };
    this.gateProj = new Linear({ ...common, units: this.intermediateSize, seed: initSeed(this.seed, 0), name: this.childName("gate_proj") });
    this.upProj = new Linear({ ...common, units: this.intermediateSize, seed: initSeed(this.seed, 1), name: this.childName("up_proj") });
  }

  protected children(): tfl.layers.Layer[] {
    return this.downProj ? [this.gateProj, this.upProj, this.downProj] : [this.gateProj, this.upProj];
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleShape(inputShape, this.name);
    const hidden = featureSize(shape, this.name);
    // down_proj's width is only known once the input is: create it here.
    this.downProj = new Linear({ units: hidden, useBias: this.useBias, seed: initSeed(this.seed, 2), name: this.childName("down_proj"), trainable: this.trainable });
    buildChild(this.gateProj, shape);
    buildChild(this.upProj, shape);
    buildChild(this.downProj, [...shape.slice(0, -1), this.intermediateSize]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const gate = this.gateProj.call(x) as tf.Tensor; // [..., intermediate]
      const up = this.upProj.call(x) as tf.Tensor; // [..., intermediate]
      return this.downProj!.call(swiGLU(gate, up)) as tf.Tensor; // [..., hidden]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), intermediateSize: this.intermediateSize, useBias: this.useBias, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(SwiGLUMLP);

/** SiLU / swish: x * sigmoid(x). */
/** The SwiGLU activation `silu(gate) * up` (one fused kernel each way where the backend has it). */
export function swiGLU(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  if (fusedKernelsActive()) return fusedSwiGLU(gate, up);
  return tf.tidy(() => tf.mul(silu(gate), up));
}

export function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}
