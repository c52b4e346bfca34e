import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { expectedParameterCount, resolveVitDetectorConfig } from "./config.js";
import { detectionLoss } from "./loss.js";
import { assignTargets } from "./targets.js";
import { createVitDetector, VitDetector } from "./vit-detector.js";

const TINY = { hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 64 } as const;

describe("VitDetector", () => {
  it("runs the same weights on 32 x 32 and 64 x 48 images: [B, (H/p)(W/p), 1 + 10 + 4]", () => {
    const model = createVitDetector(TINY, { seed: 1 });
    const small = model.forward(tf.randomUniform([2, 32, 32, 1], 0, 1, "float32", 1));
    expect(small.shape).toEqual([2, 16, 15]); // 4 x 4 cells of 8 px
    const tall = model.forward(tf.randomUniform([3, 64, 48, 1], 0, 1, "float32", 2));
    expect(tall.shape).toEqual([3, 48, 15]); // 8 rows x 6 columns
    expect(Array.from(tall.dataSync()).every(Number.isFinite)).toBe(true);
    // gray [B, H, W] is taken as one channel
    const x = tf.randomUniform([1, 16, 24], 0, 1, "float32", 3);
    expect(Array.from(model.forward(x).dataSync())).toEqual(Array.from(model.forward(tf.expandDims(x, -1)).dataSync()));
    model.disposeWeights();
  });

  it("refuses sides that are not multiples of the patch size, pointing to padToPatch", () => {
    const model = createVitDetector(TINY, { seed: 1 });
    expect(() => model.forward(tf.zeros([1, 30, 32, 1]))).toThrow("VitDetector: image height 30 must be a positive multiple of the patch size 8 (pad with padToPatch)");
    expect(() => model.forward(tf.zeros([1, 32, 32, 3]))).toThrow("VitDetector: expected images [B, H, W, 1], got [1, 32, 32, 3]");
    model.disposeWeights();
  });

  it("has the parameters the formula counts, under PyTorch-style names, and no position table", () => {
    const model = createVitDetector({}, { seed: 0 });
    const c = model.detectorConfig;
    // patch 8*8*64 + 6 blocks * (q 4160 + k,v 2*(64*32+32) + o 4096 + norms 128 + MLP 3*64*128) + norm 64 + head 64*15+15
    const perBlock = 4160 + 2 * 2080 + 4096 + 128 + 24576;
    expect(model.countParams()).toBe(4096 + 6 * perBlock + 64 + 975);
    expect(model.countParams()).toBe(expectedParameterCount(c));
    const names = model.namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(["patch_embed.proj.weight", "layers.0.norm1.weight", "layers.0.attn.q_proj.weight"]);
    expect(names.slice(-3)).toEqual(["norm.weight", "head.weight", "head.bias"]);
    model.disposeWeights();
  });

  it("starts the objectness bias at logit(objectnessPrior) and is reproducible from a seed", () => {
    const bias = (seed: number) => {
      const model = createVitDetector({ ...TINY, objectnessPrior: 0.05 }, { seed });
      const values = Array.from(model.head.bias!.read().dataSync());
      model.disposeWeights();
      return values;
    };
    expect(bias(3)[0]).toBeCloseTo(Math.log(0.05 / 0.95), 6);
    expect(bias(3)).toEqual(bias(3));
    expect(bias(3).slice(1)).not.toEqual(bias(4).slice(1));
  });

  it("gives every parameter a non-zero gradient through detectionLoss", () => {
    const model = createVitDetector(TINY, { seed: 2 });
    const images = tf.randomUniform([2, 32, 40, 1], 0, 1, "float32", 5);
    const targets = assignTargets(
      [[{ box: [3, 4, 15, 20], digit: 3 }], [{ box: [20, 8, 30, 30], digit: 7 }, { box: [1, 1, 9, 12], digit: 1 }]],
      model.layoutFor(32, 40),
    );
    const named = model.namedParameters();
    const { value, grads } = tf.variableGrads(() => detectionLoss(model.forward(images, true), targets).loss, named.map(([, v]) => v));
    for (const [name, variable] of named) {
      const g = grads[variable.name];
      expect(g, name).toBeDefined();
      expect(tf.max(tf.abs(g!)).dataSync()[0], name).toBeGreaterThan(0);
    }
    tf.dispose([value, ...Object.values(grads), images]);
    model.disposeWeights();
  });

  it("detect() decodes per image, boxes inside the image", () => {
    const model = createVitDetector(TINY, { seed: 8 });
    const found = model.detect(tf.randomUniform([2, 16, 24, 1], 0, 1, "float32", 9), { scoreThreshold: 0, maxDetections: 3 });
    expect(found.map((list) => list.length)).toEqual([3, 3]);
    for (const d of found.flat()) {
      expect(d.box[0]).toBeGreaterThanOrEqual(0);
      expect(d.box[2]).toBeLessThanOrEqual(24);
      expect(d.box[3]).toBeLessThanOrEqual(16);
    }
    model.disposeWeights();
  });

  it("checks its config, naming the field", () => {
    expect(() => resolveVitDetectorConfig({ hiddenSize: 24, numHeads: 4 })).toThrow("head_dim 6 (hiddenSize / numHeads) must be a multiple of 4 for 2-D RoPE");
    expect(() => resolveVitDetectorConfig({ numKvHeads: 3 })).toThrow("numKvHeads 3 must divide numHeads 4");
    expect(() => resolveVitDetectorConfig({ imageSize: 28 } as never)).toThrow("VitDetector config: unknown field(s) imageSize");
  });
});

class WideHeadDetector extends VitDetector {
  static override className = "WideHeadDetector";
}
tf.serialization.registerClass(WideHeadDetector);

describe("tfjs serialisation and subclassing", () => {
  it("a subclass registered under its own className saves and loads as itself, with the same outputs on any size", async () => {
    const layer = new WideHeadDetector(TINY, { seed: 6 });
    const model = layer.toLayersModel();
    const x = tf.randomUniform([2, 24, 40, 1], 0, 1, "float32", 7);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    expect(JSON.stringify(saved!.modelTopology)).toContain('"class_name":"WideHeadDetector"');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const inner = loaded.layers.find((l) => l instanceof VitDetector);
    expect(inner).toBeInstanceOf(WideHeadDetector);
    expect((inner as VitDetector).detectorConfig).toEqual(layer.detectorConfig);
    const out = loaded.predict(x) as tf.Tensor;
    expect(out.shape).toEqual([2, 15, 15]);
    expect(Array.from(out.dataSync())).toEqual(Array.from(layer.forward(x).dataSync()));
  });
});
