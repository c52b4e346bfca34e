import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { createVisionTransformer } from "./vision-transformer.js";

describe("VisionTransformer", () => {
  it("maps [B,28,28,1], [B,28,28] and [B,784] images to [B,10] logits alike", () => {
    const model = createVisionTransformer("0.21M", { seed: 3 });
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 1);
    const a = model.forward(x);
    expect(a.shape).toEqual([2, 10]);
    expect(Array.from(model.forward(tf.reshape(x, [2, 28, 28])).dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(model.forward(tf.reshape(x, [2, 784])).dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => model.forward(tf.zeros([2, 27, 27, 1]))).toThrow(/expected images \[B, 28, 28, 1\], got \[2, 27, 27, 1\]/);
    model.disposeWeights();
  });

  it("is reproducible from a seed, and different seeds differ", () => {
    const first = (seed: number) => {
      const m = createVisionTransformer("0.21M", { seed });
      const w = Array.from(m.namedParameters()[0]![1].dataSync().slice(0, 8));
      m.disposeWeights();
      return w;
    };
    expect(first(7)).toEqual(first(7));
    expect(first(7)).not.toEqual(first(8));
  });

  it("trains as a tf.LayersModel and saves/loads through tfjs' own serialisation", async () => {
    const vit = createVisionTransformer({ numLayers: 1, patchSize: 7, hiddenSize: 16, intermediateSize: 32, numHeads: 4, numKvHeads: 2 }, { seed: 2 });
    const model = vit.toLayersModel();
    model.compile({ optimizer: tf.train.adam(1e-2), loss: "sparseCategoricalCrossentropy" });
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, "float32", 3);
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7]);
    const history = await model.fit(x, y, { epochs: 3, verbose: 0 });
    expect(history.history.loss![2]! as number).toBeLessThan(history.history.loss![0]! as number);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });
});
