import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelsActive, fusedLinear } from "@llmnist/kernels";
import * as tfl from "@tensorflow/tfjs-layers";
import { torchDefaultUniform } from "./init.js";
import { featureSize, singleShape } from "./shapes.js";

export interface LinearConfig {
  /** Output features. */
  units: number;
  /** Add a bias (PyTorch `nn.Linear(bias=True)` is the default). */
  useBias?: boolean;
  /** Seed for the PyTorch-default uniform initialisation; random when omitted. */
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * `y = x W + b` over the last axis, for inputs of any rank.
 *
 * Weight layout is tfjs' `[in, out]` (PyTorch stores `[out, in]`; the checkpoint
 * converters transpose). Weights are named `<name>.weight` / `<name>.bias` so that a
 * layer named by its PyTorch attribute path carries PyTorch parameter names.
 */
export class Linear extends tfl.layers.Layer {
  static className = "LlmnistLinear";
  readonly units: number;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  kernel: tfl.LayerVariable | null = null;
  bias: tfl.LayerVariable | null = null;

  constructor(config: LinearConfig) {
    super(config);
    if (!Number.isInteger(config.units) || config.units <= 0) {
      throw new Error(`Linear: units must be a positive integer, got ${config.units}`);
    }
    this.units = config.units;
    this.useBias = config.useBias ?? true;
    this.seed = config.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const inFeatures = featureSize(singleShape(inputShape, this.name), this.name);
    const init = torchDefaultUniform(inFeatures, this.seed);
    this.kernel = this.addWeight(`${this.name}.weight`, [inFeatures, this.units], "float32", init);
    if (this.useBias) {
      const biasInit = torchDefaultUniform(inFeatures, this.seed === undefined ? undefined : this.seed + 1);
      this.bias = this.addWeight(`${this.name}.bias`, [this.units], "float32", biasInit);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = singleShape(inputShape, this.name);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return linear(x, this.kernel!.read(), this.bias?.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(Linear);

/** `x W + b` for `x` of shape `[..., in]` and `W` of shape `[in, out]`. */
export function linear(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  // One kernel each way, no reshapes, where the backend has it (wasm).
  if (fusedKernelsActive()) return fusedLinear(x, kernel, bias);
  const inFeatures = x.shape[x.shape.length - 1]!;
  const outFeatures = kernel.shape[1]!;
  const leading = x.shape.slice(0, -1);
  // A plain 2-D matMul: the fast path of every backend.
  const flat = tf.reshape(x, [-1, inFeatures]); // [rows, in]
  // matMul and bias as one fused kernel (its gradient is tfjs-core's).
  const y = tf.fused.matMul({ a: flat, b: kernel, ...(bias ? { bias } : {}) }); // [rows, out]
  return tf.reshape(y, [...leading, outFeatures]); // [..., out]
}
