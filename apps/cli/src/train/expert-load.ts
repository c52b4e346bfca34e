import type * as tf from "@tensorflow/tfjs-core";
import type { MoEMLP } from "@llmnist/nn-layers";
import type { TrainableModel } from "@llmnist/train";
import type { VisionTransformer } from "@llmnist/vit";

/**
 * A model that counts, over every forward pass through it, the fraction of each mixture-of-
 * experts layer's token assignments that went to each expert (`lastRouting.expertLoad`,
 * averaged over the passes weighted by their tokens).
 */
export interface ExpertLoadMeter {
  /** Forwards to the model; use it where the model would be used (e.g. an evaluation). */
  model: TrainableModel;
  /** [layer][expert] fractions, each layer's summing to 1; throws before the first pass. */
  load(): number[][];
}

/** The blocks' MLPs when the config makes them mixtures of experts; [] for the plain SwiGLU MLP. */
export function moeLayersOf(model: VisionTransformer): MoEMLP[] {
  if (model.vitConfig.mlp?.type !== "moe") return [];
  // The config decides every block's MLP (TransformerBlock's createMlp), so each one is an MoEMLP.
  return model.layers.map((block) => block.mlp as MoEMLP);
}

export function meterExpertLoad(vit: VisionTransformer): ExpertLoadMeter {
  const layers = moeLayersOf(vit);
  const sums = layers.map((layer) => new Array<number>(layer.numExperts).fill(0));
  const tokens = layers.map(() => 0);
  const model: TrainableModel = {
    forward(images: tf.Tensor4D, training: boolean): tf.Tensor2D {
      // Cleared first, so a layer the pass did not reach cannot count its previous pass again.
      for (const layer of layers) layer.lastRouting = null;
      const logits = vit.forward(images, training);
      layers.forEach((layer, i) => {
        const routing = layer.lastRouting;
        if (routing === null) throw new Error(`${layer.name}: the forward pass did not route any tokens`);
        routing.expertLoad.forEach((fraction, e) => (sums[i]![e]! += fraction * routing.tokens));
        tokens[i]! += routing.tokens;
      });
      return logits;
    },
    namedParameters: () => vit.namedParameters(),
  };
  return {
    model,
    load() {
      return sums.map((row, i) => {
        const n = tokens[i]!;
        if (n === 0) throw new Error(`${layers[i]!.name}: no tokens routed yet`);
        return row.map((sum) => sum / n);
      });
    },
  };
}
