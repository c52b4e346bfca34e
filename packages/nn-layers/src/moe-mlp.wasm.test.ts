import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-layers"; // registers the gradients
import { fusedKernelsActive, registerFastWasmKernels } from "@llmnist/kernels";
import { beforeAll, describe, expect, it } from "vitest";
import { collectAuxiliaryLosses, sumAuxiliaryLosses } from "./auxiliary-losses.js";
import { MoEMLP, type MoEDispatch } from "./moe-mlp.js";
import { moeRef, moeWeightsOf, randomTokens } from "./moe-reference.test-helpers.js";

// On wasm tf.gather has no gradient (UnsortedSegmentSum is missing) and ScatterNd none at all:
// the sparse dispatch must train there anyway, with the fused kernels on.
beforeAll(async () => {
  registerFastWasmKernels();
  await tf.setBackend("wasm");
  await tf.ready();
});

function layerFor(dispatch: MoEDispatch): MoEMLP {
  const layer = new MoEMLP({ numExperts: 4, topK: 2, intermediateSize: 12, capacityFactor: 1, seed: 4, dispatch, name: "mlp" });
  layer.build([null, 16]);
  return layer;
}

/** Output and every gradient of (task + aux) for one dispatch; the weights are the same for both (same seed). */
function run(dispatch: MoEDispatch, x: tf.Tensor, up: tf.Tensor): { out: Float32Array; grads: Map<string, Float32Array> } {
  const layer = layerFor(dispatch);
  const names = new Map(layer.trainableWeights.map((w) => [(w.read() as tf.Variable).name, w.originalName]));
  const out = tf.tidy(() => (layer.apply(x) as tf.Tensor).dataSync() as Float32Array);
  const { value, grads } = tf.variableGrads(() => {
    const { result, auxiliary } = collectAuxiliaryLosses(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, up)) as tf.Scalar);
    return tf.add(result, sumAuxiliaryLosses(auxiliary)!) as tf.Scalar;
  }, layer.trainableWeights.map((w) => w.read() as tf.Variable));
  value.dispose();
  const byName = new Map(Object.entries(grads).map(([k, g]) => [names.get(k)!, g.dataSync() as Float32Array]));
  tf.dispose(Object.values(grads));
  layer.weights.forEach((w) => w.dispose());
  return { out, grads: byName };
}

describe("MoEMLP on wasm with the fused kernels", () => {
  it("sparse and dense dispatch give the reference's values and the same gradients (k=2, capacity 1)", () => {
    expect(fusedKernelsActive()).toBe(true);
    const x = tf.tensor2d(randomTokens(24, 16, 1));
    const up = tf.randomNormal([24, 16], 0, 1, "float32", 2);
    const sparse = run("sparse", x, up);
    const dense = run("dense", x, up);

    const layer = layerFor("sparse");
    const ref = moeRef(randomTokens(24, 16, 1), moeWeightsOf(layer), { topK: 2, normalize: true, capacityFactor: 1, alpha: 0.01 });
    layer.weights.forEach((w) => w.dispose());
    expect(ref.kept.flat()).toContain(false); // capacity 1 drops something here
    ref.out.flat().forEach((v, i) => expect(Math.abs(sparse.out[i]! - v)).toBeLessThan(1e-5));
    sparse.out.forEach((v, i) => expect(Math.abs(v - dense.out[i]!)).toBeLessThan(1e-5));

    expect([...sparse.grads.keys()].sort()).toEqual([...dense.grads.keys()].sort());
    expect(sparse.grads.size).toBe(1 + 4 * 3);
    for (const [name, g] of sparse.grads) {
      const other = dense.grads.get(name)!;
      g.forEach((v, i) => expect(Math.abs(v - other[i]!), name).toBeLessThan(1e-4));
    }
  });
});
