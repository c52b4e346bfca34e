import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { collectAuxiliaryLosses, sumAuxiliaryLosses } from "./auxiliary-losses.js";
import { MoEMLP, type MoEMLPConfig } from "./moe-mlp.js";
import { moeRef, type MoERefOptions, moeWeightsOf, type MoEWeightsRef, randomTokens } from "./moe-reference.test-helpers.js";
import type { Matrix } from "./reference.test-helpers.js";

const T = 5;
const D = 8;

function makeLayer(options: Partial<MoEMLPConfig> = {}): MoEMLP {
  const layer = new MoEMLP({ numExperts: 3, intermediateSize: 6, seed: 3, name: "mlp", ...options });
  layer.build([null, T, D]);
  return layer;
}

function refOptions(layer: MoEMLP): MoERefOptions {
  return { topK: layer.topK, normalize: layer.normalizeTopK, capacityFactor: layer.capacityFactor ?? undefined, alpha: layer.auxLossWeight };
}

function forward(layer: MoEMLP, x: Matrix): Matrix {
  return tf.tidy(() => ((layer.apply(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][])[0]!);
}

/** Gradients of `loss` for the layer's weights, by PyTorch-style name (absent: no connection). */
function gradsOf(layer: MoEMLP, loss: () => tf.Scalar): Map<string, Float32Array> {
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const nameOf = new Map(layer.trainableWeights.map((w) => [(w.read() as tf.Variable).name, w.originalName]));
  const { value, grads } = tf.variableGrads(loss, vars);
  value.dispose();
  const out = new Map<string, Float32Array>();
  for (const [key, g] of Object.entries(grads)) {
    out.set(nameOf.get(key)!, g.dataSync() as Float32Array);
    g.dispose();
  }
  return out;
}

/** `sum(out * up)` through the layer, as a scalar tensor. */
function weightedOutput(layer: MoEMLP, x: Matrix, up: Matrix): () => tf.Scalar {
  return () => tf.sum(tf.mul(layer.apply(tf.tensor3d([x])) as tf.Tensor, tf.tensor3d([up])));
}

const allZero = (g: Float32Array | undefined) => g !== undefined && g.every((v) => v === 0);

/** Inputs and a router for which expert 2 is never chosen: feature 0 is large and votes against it. */
function avoidExpert2(layer: MoEMLP, seed: number): Matrix {
  const x = randomTokens(T, D, seed).map((row) => [4, ...row.slice(1)]);
  const router = layer.router.kernel!;
  const w = router.read().arraySync() as Matrix;
  w[0] = [2, 2, -2];
  router.write(tf.tensor2d(w));
  return x;
}

describe("MoEMLP against a float64 loop reference", () => {
  it.each([
    ["k=1 sparse", { topK: 1 }],
    ["k=1 dense", { topK: 1, dispatch: "dense" }],
    ["k=2 sparse", { topK: 2 }],
    ["k=2 dense", { topK: 2, dispatch: "dense" }],
    ["k=2 without renormalising", { topK: 2, normalizeTopK: false }],
    ["k=1 renormalised (gate 1)", { topK: 1, normalizeTopK: true }],
    ["k=1 capacity 0.6 sparse", { topK: 1, capacityFactor: 0.6 }],
    ["k=1 capacity 0.6 dense", { topK: 1, capacityFactor: 0.6, dispatch: "dense" }],
    ["k=2 capacity 0.5 sparse", { topK: 2, capacityFactor: 0.5 }],
    ["k=2 capacity 0.5 dense", { topK: 2, capacityFactor: 0.5, dispatch: "dense" }],
  ] as Array<[string, Partial<MoEMLPConfig>]>)("%s: outputs, loads, mean probabilities and the aux loss", (_, options) => {
    const layer = makeLayer({ ...options, auxLossWeight: 0.05 });
    const x = randomTokens(T, D, 1);
    const out = forward(layer, x);
    const ref = moeRef(x, moeWeightsOf(layer), refOptions(layer));
    for (let t = 0; t < T; t++) for (let j = 0; j < D; j++) expect(Math.abs(out[t]![j]! - ref.out[t]![j]!)).toBeLessThan(1e-5);

    const stats = layer.lastRouting!;
    expect(stats.tokens).toBe(T);
    stats.expertLoad.forEach((f, i) => expect(f).toBeCloseTo(ref.f[i]!, 12));
    stats.routerProbability.forEach((p, i) => expect(p).toBeCloseTo(ref.P[i]!, 6));
    expect(stats.auxiliaryLoss).toBeCloseTo(ref.auxLoss, 6);
    expect(layer.auxiliaryLoss).toBe(stats.auxiliaryLoss);
    const dropped = ref.kept.flat().filter((k) => !k).length;
    expect(stats.droppedFraction).toBeCloseTo(dropped / (T * layer.topK), 12);
    if (options.capacityFactor !== undefined) {
      expect(dropped).toBeGreaterThan(0); // the case exercises dropping
      // A token with every assignment dropped adds exactly 0 (the residual carries it).
      ref.kept.forEach((k, t) => {
        if (k.every((kept) => !kept)) expect(out[t]!.every((v) => v === 0)).toBe(true);
      });
    }
  });

  it("uses every expert somewhere in these cases (the routing is not degenerate)", () => {
    const layer = makeLayer({ topK: 1 });
    const ref = moeRef(randomTokens(T, D, 1), moeWeightsOf(layer), refOptions(layer));
    expect(new Set(ref.choices.map((c) => c[0])).size).toBeGreaterThan(1);
  });

  it("keeps leading axes: [B, n, hidden] in, same shape out, tokens of all sequences routed together", () => {
    const layer = makeLayer({ topK: 2, capacityFactor: 1 });
    const x = tf.randomNormal([2, 3, D], 0, 1, "float32", 4);
    const out = layer.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, D]);
    const ref = moeRef(tf.reshape(x, [6, D]).arraySync() as Matrix, moeWeightsOf(layer), refOptions(layer));
    const flat = tf.reshape(out, [6, D]).arraySync() as Matrix;
    flat.forEach((row, t) => row.forEach((v, j) => expect(Math.abs(v - ref.out[t]![j]!)).toBeLessThan(1e-5)));
    expect(layer.lastRouting!.capacity).toBe(Math.ceil((1 * 6 * 2) / 3));
  });

  it("rejects bad options naming the field", () => {
    expect(() => makeLayer({ numExperts: 0 })).toThrow("MoEMLP: numExperts must be a positive integer, got 0");
    expect(() => makeLayer({ topK: 4 })).toThrow("MoEMLP: topK must be an integer from 1 to numExperts (3), got 4");
    expect(() => makeLayer({ capacityFactor: 0 })).toThrow("MoEMLP: capacityFactor must be a positive number or null (no limit), got 0");
    expect(() => makeLayer({ auxLossWeight: -1 })).toThrow("MoEMLP: auxLossWeight must be a finite number >= 0, got -1");
    expect(() => makeLayer({ dispatch: "gather" as "sparse" })).toThrow('MoEMLP: dispatch must be "sparse" or "dense", got "gather"');
  });
});

describe("MoEMLP load-balancing loss", () => {
  it("is reported to the active collector as alpha * E * sum f_i P_i, and only there", () => {
    const layer = makeLayer({ topK: 2, auxLossWeight: 0.03 });
    const x = randomTokens(T, D, 2);
    const ref = moeRef(x, moeWeightsOf(layer), refOptions(layer));
    const { result, auxiliary, sources, metrics } = collectAuxiliaryLosses(() => layer.apply(tf.tensor3d([x])) as tf.Tensor);
    expect(sources).toEqual(["mlp"]);
    expect(Object.keys(metrics[0]!)).toEqual(["dropped", "load_0", "load_1", "load_2"]);
    expect(metrics[0]!.dropped).toBe(0);
    ref.f.forEach((f, i) => expect(metrics[0]![`load_${i}`]).toBeCloseTo(f, 12));
    expect(auxiliary[0]!.dataSync()[0]).toBeCloseTo(ref.auxLoss, 6);
    expect(ref.auxLoss).toBeCloseTo(0.03 * 3 * ref.f.reduce((s, f, i) => s + f * ref.P[i]!, 0), 12);
    tf.dispose([result, ...auxiliary]);

    // No collector: the numbers are still recorded, no tensor is left behind.
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      layer.apply(tf.tensor3d([x]));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(layer.auxiliaryLoss).toBeCloseTo(ref.auxLoss, 6);
    // alpha = 0: nothing to report.
    const silent = makeLayer({ auxLossWeight: 0 });
    const none = collectAuxiliaryLosses(() => tf.tidy(() => silent.apply(tf.tensor3d([x])) as tf.Tensor));
    expect(none.auxiliary).toEqual([]);
    tf.dispose(none.result);
  });

  it("gives the router the gradient of the reference's aux loss (f fixed, P differentiated)", () => {
    const layer = makeLayer({ topK: 1, auxLossWeight: 0.5 });
    const x = randomTokens(T, D, 5);
    const grads = gradsOf(layer, () => {
      const { result, auxiliary } = collectAuxiliaryLosses(() => layer.apply(tf.tensor3d([x])) as tf.Tensor);
      result.dispose();
      return sumAuxiliaryLosses(auxiliary)!;
    });
    const weights = moeWeightsOf(layer);
    const router = grads.get("mlp.gate.weight")!;
    for (const [i, e] of [[0, 0], [3, 1], [7, 2]] as const) {
      const fd = finiteDifference(weights, (w) => moeRef(x, w, refOptions(layer)).auxLoss, (w) => w.router[i]!, e);
      expect(Math.abs(router[i * 3 + e]! - fd)).toBeLessThan(1e-5);
    }
    expect(Array.from(router).some((v) => v !== 0)).toBe(true);
    // The aux loss does not involve the experts.
    expect([...grads.keys()]).toEqual(["mlp.gate.weight"]);
  });
});

/** Central difference in float64 of `f` at `row(w)[j]`. */
function finiteDifference(weights: MoEWeightsRef, f: (w: MoEWeightsRef) => number, row: (w: MoEWeightsRef) => number[], j: number): number {
  const h = 1e-5;
  const at = (delta: number) => {
    const copy = structuredClone(weights);
    row(copy)[j]! += delta;
    return f(copy);
  };
  return (at(h) - at(-h)) / (2 * h);
}

describe("MoEMLP gradients", () => {
  it.each([
    ["sparse", 1],
    ["dense", 1],
    ["sparse", 2],
    ["dense", 2],
  ] as const)("%s k=%i: an expert no token chose gets an all-zero gradient; each token reaches only its experts", (dispatch, topK) => {
    const layer = makeLayer({ dispatch, topK });
    const x = avoidExpert2(layer, 6);
    const up = randomTokens(T, D, 7);
    const ref = moeRef(x, moeWeightsOf(layer), refOptions(layer));
    expect(ref.choices.flat()).not.toContain(2);

    const grads = gradsOf(layer, weightedOutput(layer, x, up));
    for (const part of ["gate_proj", "up_proj", "down_proj"]) {
      expect(allZero(grads.get(`mlp.experts.2.${part}.weight`)), part).toBe(true);
      expect(allZero(grads.get(`mlp.experts.0.${part}.weight`)), part).toBe(false);
    }

    for (let t = 0; t < T; t++) {
      // Only token t's output counts.
      const only = up.map((row, s) => row.map((v) => (s === t ? v : 0)));
      const g = gradsOf(layer, weightedOutput(layer, x, only));
      for (let e = 0; e < 3; e++) {
        const routed = ref.choices[t]!.includes(e);
        expect(allZero(g.get(`mlp.experts.${e}.down_proj.weight`)), `token ${t} expert ${e}`).toBe(!routed);
        expect(allZero(g.get(`mlp.experts.${e}.gate_proj.weight`)), `token ${t} expert ${e}`).toBe(!routed);
      }
    }
  });

  it("dropped assignments send no gradient to their expert", () => {
    const layer = makeLayer({ topK: 1, capacityFactor: 0.6 });
    const x = randomTokens(T, D, 1);
    const ref = moeRef(x, moeWeightsOf(layer), refOptions(layer));
    const t = ref.kept.findIndex((k) => !k[0]);
    expect(t).toBeGreaterThanOrEqual(0);
    const only = randomTokens(T, D, 8).map((row, s) => row.map((v) => (s === t ? v : 0)));
    const g = gradsOf(layer, weightedOutput(layer, x, only));
    for (let e = 0; e < 3; e++) expect(allZero(g.get(`mlp.experts.${e}.up_proj.weight`))).toBe(true);
  });

  it.each([
    ["sparse", 1],
    ["dense", 1],
    ["sparse", 2],
    ["dense", 2],
  ] as const)("%s k=%i: expert and router gradients equal float64 finite differences of the reference", (dispatch, topK) => {
    const layer = makeLayer({ dispatch, topK });
    const x = randomTokens(T, D, 9);
    const up = randomTokens(T, D, 10);
    const weights = moeWeightsOf(layer);
    const ref = moeRef(x, weights, refOptions(layer));
    const loss = (w: MoEWeightsRef) => moeRef(x, w, refOptions(layer)).out.reduce((s, row, t) => s + row.reduce((a, v, j) => a + v * up[t]![j]!, 0), 0);
    const grads = gradsOf(layer, weightedOutput(layer, x, up));

    const e = ref.choices[0]![0]!; // an expert token 0 chose
    const expert = grads.get(`mlp.experts.${e}.gate_proj.weight`)!; // [hidden, intermediate]
    const fdExpert = finiteDifference(weights, loss, (w) => w.experts[e]!.gate[2]!, 4);
    expect(Math.abs(expert[2 * 6 + 4]! - fdExpert)).toBeLessThan(1e-4);
    expect(Math.abs(fdExpert)).toBeGreaterThan(1e-4);

    // The router learns from the task loss through the gates (for k=1 Switch-style raw gates).
    const router = grads.get("mlp.gate.weight")!; // [hidden, E]
    for (const [i, r] of [[1, 0], [5, 1], [6, 2]] as const) {
      const fd = finiteDifference(weights, loss, (w) => w.router[i]!, r);
      expect(Math.abs(router[i * 3 + r]! - fd)).toBeLessThan(1e-4);
    }
    expect(Array.from(router).some((v) => Math.abs(v) > 1e-4)).toBe(true);
  });
});

describe("MoEMLP in a tfjs model", () => {
  it("trains with model.fit (dense and sparse alike)", async () => {
    for (const dispatch of ["sparse", "dense"] as const) {
      const input = tfl.input({ shape: [T, D] });
      const moe = new MoEMLP({ numExperts: 3, topK: 2, intermediateSize: 6, seed: 1, dispatch, name: `moe_${dispatch}` });
      const model = tfl.model({ inputs: input, outputs: moe.apply(input) as tfl.SymbolicTensor });
      model.compile({ optimizer: tf.train.adam(1e-2), loss: "meanSquaredError" });
      const x = tf.randomNormal([4, T, D], 0, 1, "float32", 1);
      const history = await model.fit(x, tf.mul(x, 0.5), { epochs: 4, verbose: 0 });
      const loss = history.history.loss as number[];
      expect(loss[3]!).toBeLessThan(loss[0]!);
    }
  });
});
