import * as tf from "@tensorflow/tfjs-core";
import type { MoEMLP } from "./moe-mlp.js";
import { linearRef, type Matrix } from "./reference.test-helpers.js";
// A plain-JS mixture of experts (loops over tokens, float64), written from the definitions
// rather than from the layer: to check MoEMLP's values, statistics and gradients.

export interface ExpertRef {
  gate: Matrix;
  up: Matrix;
  down: Matrix;
}

export interface MoEWeightsRef {
  /** [hidden, E] */
  router: Matrix;
  experts: ExpertRef[];
}

export interface MoERefOptions {
  topK: number;
  normalize: boolean;
  capacityFactor?: number;
  alpha: number;
}

export interface MoERefResult {
  out: Matrix;
  probs: Matrix;
  /** Per token, its top-k experts, best first. */
  choices: number[][];
  /** Per token, whether each choice was kept (capacity). */
  kept: boolean[][];
  /** f_i over top-k assignments / (T k), and P_i. */
  f: number[];
  P: number[];
  auxLoss: number;
}

const silu = (v: number) => v / (1 + Math.exp(-v));

function swigluRef(row: number[], w: ExpertRef): number[] {
  const g = linearRef([row], w.gate)[0]!;
  const u = linearRef([row], w.up)[0]!;
  return linearRef([g.map((v, j) => silu(v) * u[j]!)], w.down)[0]!;
}

export function moeRef(x: Matrix, w: MoEWeightsRef, o: MoERefOptions): MoERefResult {
  const T = x.length;
  const E = w.experts.length;
  const probs = linearRef(x, w.router).map((logits) => {
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  const choices = probs.map((p) => p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b).slice(0, o.topK));
  // Capacity: all first choices in token order, then all second choices, ...
  const capacity = o.capacityFactor === undefined ? Infinity : Math.ceil((o.capacityFactor * T * o.topK) / E);
  const used = new Array<number>(E).fill(0);
  const kept = choices.map((c) => c.map(() => false));
  for (let r = 0; r < o.topK; r++) {
    for (let t = 0; t < T; t++) {
      const e = choices[t]![r]!;
      if (used[e]! < capacity) {
        used[e]! += 1;
        kept[t]![r] = true;
      }
    }
  }
  const out = x.map((row, t) => {
    const chosen = choices[t]!.map((e) => probs[t]![e]!);
    const total = chosen.reduce((a, b) => a + b, 0);
    const acc = new Array<number>(row.length).fill(0);
    choices[t]!.forEach((e, r) => {
      if (!kept[t]![r]) return;
      const gate = o.normalize ? chosen[r]! / total : chosen[r]!;
      swigluRef(row, w.experts[e]!).forEach((v, j) => (acc[j]! += gate * v));
    });
    return acc;
  });
  const f = new Array<number>(E).fill(0);
  for (const c of choices) for (const e of c) f[e]! += 1 / (T * o.topK);
  const P = new Array<number>(E).fill(0);
  for (const p of probs) p.forEach((v, i) => (P[i]! += v / T));
  const auxLoss = o.alpha * E * f.reduce((s, fi, i) => s + fi * P[i]!, 0);
  return { out, probs, choices, kept, f, P, auxLoss };
}

/** The layer's weights as reference matrices (tfjs layout [in, out]). */
export function moeWeightsOf(layer: MoEMLP): MoEWeightsRef {
  const named = new Map(layer.weights.map((v) => [v.originalName, v.read()]));
  const m = (name: string) => named.get(`${layer.name}.${name}`)!.arraySync() as Matrix;
  return {
    router: m("gate.weight"),
    experts: layer.experts.map((_, i) => ({
      gate: m(`experts.${i}.gate_proj.weight`),
      up: m(`experts.${i}.up_proj.weight`),
      down: m(`experts.${i}.down_proj.weight`),
    })),
  };
}

/** Random tokens `[n, d]`. */
export function randomTokens(n: number, d: number, seed: number): Matrix {
  return tf.tidy(() => tf.randomNormal([n, d], 0, 1, "float32", seed).arraySync() as Matrix);
}
