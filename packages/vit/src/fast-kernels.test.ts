import { readFile } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs-core";
import { crossEntropy } from "@llmnist/cpo-loss";
import { makeBatch } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { withFusedKernels } from "@llmnist/train/internal";
import { AdamW, selectBackend } from "@llmnist/train/node";
import { beforeAll, describe, expect, it } from "vitest";
import { importPyTorchCheckpoint } from "./pytorch-checkpoint.js";
import { VIT_FIXTURE, VIT_FIXTURE_LOGITS } from "./test-paths.test-helpers.js";
import { createVisionTransformer } from "./vision-transformer.js";

// The wasm backend with @llmnist/kernels (SIMD matMul, fused RoPE/attention/RMSNorm/SwiGLU/
// linear/AdamW) must compute what the plain tfjs composition computes. LLMNIST_FUSED=0 turns
// the fused ops off (the matMul kernels stay), which gives the straightforward path to compare.
beforeAll(async () => {
  const choice = await selectBackend({ prefer: "wasm" });
  expect(choice.name).toBe("wasm");
});

describe("the ViT on wasm with the fast kernels", () => {
  it("reproduces the PyTorch fixture logits (max abs diff < 1e-4)", async () => {
    const expected = JSON.parse(await readFile(VIT_FIXTURE_LOGITS, "utf8")) as { test_indices: number[]; logits: number[][] };
    const model = createVisionTransformer("0.21M");
    await importPyTorchCheckpoint(model, VIT_FIXTURE);
    const { images } = makeBatch(await loadMnistSplit("test"), expected.test_indices);
    const logits = withFusedKernels(true, () => model.forward(images).arraySync());
    let maxDiff = 0;
    expected.logits.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[i]![j]!)))));
    expect(maxDiff).toBeLessThan(1e-4);
    model.disposeWeights();
  });

  it("gives every parameter the gradient the plain composition gives", () => {
    const model = createVisionTransformer("0.25M", { seed: 3 });
    const named = model.namedParameters();
    const images = tf.randomUniform([8, 28, 28, 1], 0, 1, "float32", 4);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32");
    const gradsOf = (on: boolean) =>
      withFusedKernels(on, () => {
        const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(images, true), labels) as tf.Scalar, named.map(([, v]) => v));
        value.dispose();
        return grads;
      });
    const fused = gradsOf(true);
    const plain = gradsOf(false);
    for (const [name, variable] of named) {
      const [a, b] = [fused[variable.name]!, plain[variable.name]!];
      const scale = Math.max(1e-3, tf.max(tf.abs(b)).dataSync()[0]!);
      const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      expect(diff / scale, name).toBeLessThan(1e-4);
    }
    tf.dispose([...Object.values(fused), ...Object.values(plain), images, labels]);
    model.disposeWeights();
  });

  it("trains along the same loss curve as the straightforward path (30 AdamW steps)", async () => {
    const train = await loadMnistSplit("train");
    const curve = (on: boolean) =>
      withFusedKernels(on, () => {
        const model = createVisionTransformer("0.21M", { seed: 11 });
        const params = model.namedParameters();
        const nameOf = new Map(params.map(([n, v]) => [v.name, n]));
        const optimizer = new AdamW({ weightDecay: 0.01 });
        const losses: number[] = [];
        for (let step = 0; step < 30; step++) {
          const indices = Array.from({ length: 32 }, (_, i) => (step * 32 + i) % train.count);
          const { images, labels } = makeBatch(train, indices);
          const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(images, true), labels) as tf.Scalar, params.map(([, v]) => v));
          optimizer.applyGradients(params, new Map(Object.entries(grads).map(([k, g]) => [nameOf.get(k)!, g])), 1e-3);
          losses.push(value.dataSync()[0]!);
          tf.dispose([value, images, labels, ...Object.values(grads)]);
        }
        optimizer.dispose();
        model.disposeWeights();
        return losses;
      });
    const fused = curve(true);
    const plain = curve(false);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(fused.slice(-5))).toBeLessThan(fused[0]! - 0.25); // it learns
    fused.forEach((loss, i) => expect(Math.abs(loss - plain[i]!), `step ${i}`).toBeLessThan(2e-3));
  });
});
