import * as tf from "@tensorflow/tfjs-core";
import { withFusedKernels } from "@llmnist/train/internal";
import { selectBackend } from "@llmnist/train/node";
import { beforeAll, describe, expect, it } from "vitest";
import { detectionLoss } from "./loss.js";
import { assignTargets } from "./targets.js";
import { createVitDetector } from "./vit-detector.js";

// On wasm with @llmnist/kernels the attention runs token-major with the fused RoPE kernel, which
// sees the 2-D tables as slices of head_dim / 2 (applyRotaryTablesTokenMajor); LLMNIST_FUSED=0
// gives the plain composition to compare with.
beforeAll(async () => {
  const choice = await selectBackend({ prefer: "wasm" });
  expect(choice.name).toBe("wasm");
});

describe("the detector on wasm with the fast kernels", () => {
  it("computes the outputs and every gradient the plain composition computes", () => {
    const model = createVitDetector({ hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 64 }, { seed: 3 });
    const images = tf.randomUniform([2, 24, 40, 1], 0, 1, "float32", 4);
    const targets = assignTargets([[{ box: [2, 3, 14, 20], digit: 4 }], [{ box: [20, 2, 33, 22], digit: 9 }]], model.layoutFor(24, 40));
    const named = model.namedParameters();
    const run = (on: boolean) =>
      withFusedKernels(on, () => {
        const outputs = Array.from(model.forward(images).dataSync());
        const { value, grads } = tf.variableGrads(() => detectionLoss(model.forward(images, true), targets).loss, named.map(([, v]) => v));
        value.dispose();
        return { outputs, grads };
      });
    const fused = run(true);
    const plain = run(false);
    fused.outputs.forEach((v, i) => expect(v).toBeCloseTo(plain.outputs[i]!, 4));
    for (const [name, variable] of named) {
      const [a, b] = [fused.grads[variable.name]!, plain.grads[variable.name]!];
      const scale = Math.max(1e-3, tf.max(tf.abs(b)).dataSync()[0]!);
      expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / scale, name).toBeLessThan(1e-4);
    }
    tf.dispose([...Object.values(fused.grads), ...Object.values(plain.grads), images]);
    model.disposeWeights();
  });
});
