import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";

export interface ClassTokenConfig {
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** A learnable token `[1, 1, dim]`, drawn from N(0, 1), prepended at position 0. */
export class ClassToken extends tfl.layers.Layer {
  static className = "LlmnistClassToken";
  readonly seed: number | undefined;
  token: tfl.LayerVariable | null = null;

  constructor(config: ClassTokenConfig = {}) {
    super(config);
    this.seed = config.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape; // [B, n, dim]
    const dim = shape[2];
    if (dim == null) throw new Error(`${this.name}: the token width must be known, got shape [${shape.join(", ")}]`);
    const init = tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed });
    this.token = this.addWeight(this.name, [1, 1, dim], "float32", init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch, length, dim] = inputShape as tfl.Shape;
    return [batch ?? null, length == null ? null : length + 1, dim ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [B, n, dim]
      const batch = x.shape[0]!;
      const token = tf.tile(this.token!.read(), [batch, 1, 1]); // [B, 1, dim]
      return tf.concat([token, x], 1); // [B, n+1, dim]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(ClassToken);
