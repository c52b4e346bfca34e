import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { createVisionTransformer } from "@llmnist/vit";
import { describe, expect, it } from "vitest";
import { meterExpertLoad, moeLayersOf } from "./expert-load.js";

const TINY = { numLayers: 2, patchSize: 7, hiddenSize: 16, intermediateSize: 8, numHeads: 4, numKvHeads: 2 } as const;

describe("meterExpertLoad", () => {
  it("averages each layer's expert load over the passes, weighted by their tokens", async () => {
    await tf.setBackend("cpu");
    const vit = createVisionTransformer({ ...TINY, mlp: { type: "moe", numExperts: 3, topK: 1 } }, { seed: 5 });
    const meter = meterExpertLoad(vit);
    expect(() => meter.load()).toThrow(/no tokens routed yet/);
    const expected = [0, 1].map(() => [0, 0, 0]);
    let tokens = 0;
    for (const [batch, seed] of [[3, 1], [1, 2]] as const) {
      const images = tf.randomUniform([batch, 28, 28, 1], 0, 1, "float32", seed) as tf.Tensor4D;
      tf.dispose([meter.model.forward(images, false), images]);
      moeLayersOf(vit).forEach((layer, i) => layer.lastRouting!.expertLoad.forEach((f, e) => (expected[i]![e]! += f * layer.lastRouting!.tokens)));
      tokens += batch * 17; // 16 patches and the class token
    }
    const load = meter.load();
    load.forEach((layer, i) => {
      layer.forEach((f, e) => expect(f).toBeCloseTo(expected[i]![e]! / tokens, 12));
      expect(layer.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
    vit.disposeWeights();
  });

  it("finds no experts in the paper's SwiGLU model", () => {
    const vit = createVisionTransformer(TINY, { seed: 5 });
    expect(moeLayersOf(vit)).toEqual([]);
    vit.disposeWeights();
  });
});
