import "@tensorflow/tfjs-backend-cpu";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { parseSafetensors, serializeSafetensors } from "@llmnist/safetensors";
import { describe, expect, it } from "vitest";
import { vitDetectorConfigFromMetadata, vitDetectorFromSafetensors, vitDetectorToSafetensors } from "./detector-safetensors.js";
import { loadVitDetector, readVitDetectorConfig, saveVitDetector } from "./save-load.js";
import { createVitDetector, vitDetectorFactory } from "./vit-detector.js";

const TINY = { hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 1, intermediateSize: 48, patchSize: 4 } as const;

describe("vitDetectorToSafetensors / vitDetectorFromSafetensors", () => {
  it("stores the config and weights, and the bytes rebuild a model with identical outputs", () => {
    const model = createVitDetector(TINY, { seed: 4 });
    const { tensors, metadata } = vitDetectorToSafetensors(model, { epoch: "3", format: "not this" });
    expect(metadata.format).toBe("llmnist.vit-detector.v1");
    expect(metadata.epoch).toBe("3");
    expect(JSON.parse(metadata.config!)).toEqual({
      patchSize: 4, hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 1, intermediateSize: 48,
      ropeTheta: 100, rmsNormEps: 1e-6, numClasses: 10, channels: 1, boxScale: 24, objectnessPrior: 0.01,
    });
    // per block: 2 norms, q/k/v weight + bias, o, gate/up/down; then patch, final norm, head weight + bias
    expect(Object.keys(tensors)).toHaveLength(2 * 12 + 4);
    expect(tensors["patch_embed.proj.weight"]!.shape).toEqual([16, 32]);

    const copy = vitDetectorFromSafetensors(parseSafetensors(serializeSafetensors(tensors, metadata), "memory"), "memory");
    expect(copy.detectorConfig).toEqual(model.detectorConfig);
    for (const shape of [[2, 16, 16, 1], [1, 20, 28, 1]]) {
      const x = tf.randomUniform(shape, 0, 1, "float32", 8);
      expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(model.forward(x).dataSync()));
    }
    model.disposeWeights();
    copy.disposeWeights();
  });

  it("refuses a file of another format, naming the source", () => {
    expect(() => vitDetectorConfigFromMetadata({ format: "llmnist.vit.v1", config: "{}" }, "w.safetensors")).toThrow(
      'w.safetensors: not an llmnist ViT detector file: metadata.format is "llmnist.vit.v1", expected "llmnist.vit-detector.v1"',
    );
    expect(() => vitDetectorConfigFromMetadata({ format: "llmnist.vit-detector.v1", config: "{" }, "m")).toThrow("m: metadata.config is not valid JSON");
  });
});

describe("saveVitDetector / loadVitDetector (Node)", () => {
  it("round-trips through a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vit-detector-"));
    try {
      const model = createVitDetector(TINY, { seed: 5 });
      const path = join(dir, "detector.safetensors");
      await saveVitDetector(model, path, { note: "test" });
      const { config, metadata } = await readVitDetectorConfig(path);
      expect(config).toEqual(model.detectorConfig);
      expect(metadata.note).toBe("test");
      const loaded = await loadVitDetector(path);
      const x = tf.randomUniform([1, 24, 12, 1], 0, 1, "float32", 9);
      expect(Array.from(loaded.forward(x).dataSync())).toEqual(Array.from(model.forward(x).dataSync()));
      model.disposeWeights();
      loaded.disposeWeights();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("vitDetectorFactory", () => {
  it("names this package's entry and createVitDetector, after checking the config", () => {
    const spec = vitDetectorFactory(TINY, { seed: 1 });
    expect(spec.exportName).toBe("createVitDetector");
    expect(spec.module).toMatch(/^file:.*\/index\.js$/);
    expect(spec.args).toEqual([TINY, { seed: 1 }]);
    expect(() => vitDetectorFactory({ numKvHeads: 3 })).toThrow("numKvHeads 3 must divide numHeads 4");
  });
});
