import "@tensorflow/tfjs-backend-cpu";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { makeBatch } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { toFloat32 } from "@llmnist/safetensors";
import { readSafetensorsFile } from "@llmnist/safetensors/node";
import { describe, expect, it } from "vitest";
import { exportPyTorchCheckpoint, importPyTorchCheckpoint } from "./pytorch-checkpoint.js";
import { loadViT, saveViT } from "./save-load.js";
import { VIT_FIXTURE, VIT_FIXTURE_LOGITS } from "./test-paths.test-helpers.js";
import { createVisionTransformer } from "./vision-transformer.js";

interface FixtureLogits { test_indices: number[]; labels: number[]; logits: number[][] }

describe("PyTorch checkpoint interop", () => {
  it("reproduces the PyTorch reference logits on MNIST test images 0..15 (max abs diff < 1e-4)", async () => {
    const expected = JSON.parse(await readFile(VIT_FIXTURE_LOGITS, "utf8")) as FixtureLogits;
    const model = createVisionTransformer("0.21M");
    await importPyTorchCheckpoint(model, VIT_FIXTURE);
    const test = await loadMnistSplit("test");
    const { images, labels } = makeBatch(test, expected.test_indices);
    expect(Array.from(labels.dataSync())).toEqual(expected.labels);
    const logits = model.forward(images).arraySync();
    let maxDiff = 0;
    expected.logits.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[i]![j]!)))));
    expect(maxDiff).toBeLessThan(1e-4);
    model.disposeWeights();
  });

  it("exports back to the same PyTorch tensors, and its own format round-trips", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vit-"));
    const model = createVisionTransformer("0.21M");
    await importPyTorchCheckpoint(model, VIT_FIXTURE);
    await exportPyTorchCheckpoint(model, join(dir, "out.safetensors"));
    const original = await readSafetensorsFile(VIT_FIXTURE);
    const exported = await readSafetensorsFile(join(dir, "out.safetensors"));
    expect([...exported.tensors.keys()].sort()).toEqual([...original.tensors.keys()].sort());
    for (const [name, raw] of original.tensors) {
      const mine = exported.tensors.get(name)!;
      expect(mine.shape).toEqual(raw.shape);
      expect(Array.from(toFloat32(mine))).toEqual(Array.from(toFloat32(raw)));
    }

    await saveViT(model, join(dir, "own.safetensors"));
    const reloaded = await loadViT(join(dir, "own.safetensors"));
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 5);
    expect(Array.from(reloaded.forward(x).dataSync())).toEqual(Array.from(model.forward(x).dataSync()));
    await expect(loadViT(VIT_FIXTURE)).rejects.toThrow(/not an llmnist ViT file: metadata.format is null.*PyTorch-layout checkpoint use importPyTorchCheckpoint/);
    model.disposeWeights();
    reloaded.disposeWeights();
  });

  it("names the tensor and both shapes when the checkpoint is for another preset", async () => {
    const model = createVisionTransformer("0.25M");
    await expect(importPyTorchCheckpoint(model, VIT_FIXTURE)).rejects.toThrow(
      /tensor layers\.0\.attn\.k_proj\.weight: expected shape \[64, 64\].*got \[16, 64\]/,
    );
    const bigger = createVisionTransformer({ numLayers: 7, patchSize: 7, hiddenSize: 64, intermediateSize: 128, numHeads: 8, numKvHeads: 2 });
    await expect(importPyTorchCheckpoint(bigger, VIT_FIXTURE)).rejects.toThrow(/missing 12: layers\.6\.norm1\.weight/);
    model.disposeWeights();
    bigger.disposeWeights();
  });
});
