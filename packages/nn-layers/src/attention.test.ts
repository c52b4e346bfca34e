import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { GroupedQueryAttention } from "./attention.js";
import { KVCache } from "./kv-cache.js";
import { attentionRef, slicedRopeRef, slicedTables, type Matrix } from "./reference.test-helpers.js";
import { RotaryEmbedding } from "./rotary.js";

function weightsOf(attn: GroupedQueryAttention) {
  const get = (name: string) => attn.weights.find((w) => w.originalName.endsWith(name))!.read();
  const m = (name: string) => get(name).arraySync() as Matrix;
  const b = (name: string) => Array.from(get(name).dataSync());
  return { q: m("q_proj.weight"), qb: b("q_proj.bias"), k: m("k_proj.weight"), kb: b("k_proj.bias"), v: m("v_proj.weight"), vb: b("v_proj.bias"), o: m("o_proj.weight") };
}

function randomInput(n: number, d: number, seed: number): Matrix {
  return tf.randomNormal([n, d], 0, 1, "float32", seed).arraySync() as Matrix;
}

describe("GroupedQueryAttention", () => {
  it.each([
    [8, 2],
    [8, 8],
    [4, 1],
  ])("matches a loop reference with n_q=%i, n_kv=%i (kv head j serves query heads j*g..j*g+g-1)", (nQ, nKv) => {
    const attn = new GroupedQueryAttention({ numHeads: nQ, numKvHeads: nKv, seed: 3, name: "attn" });
    const x = randomInput(5, 16, 1);
    const out = (attn.apply(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][];
    const expected = attentionRef(x, weightsOf(attn), nQ, nKv, 10000, false);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 16; j++) expect(out[0]![i]![j]).toBeCloseTo(expected[i]![j]!, 5);
  });

  it("has q/k/v biases, no output bias, and the paper's parameter count", () => {
    const attn = new GroupedQueryAttention({ numHeads: 8, numKvHeads: 2, name: "attn" });
    attn.build([null, 17, 64]);
    expect(attn.weights.map((w) => w.originalName)).toEqual([
      "attn.q_proj.weight", "attn.q_proj.bias", "attn.k_proj.weight", "attn.k_proj.bias",
      "attn.v_proj.weight", "attn.v_proj.bias", "attn.o_proj.weight",
    ]);
    // q = d^2 + d, k = v = d*kv + kv (kv = 2*8 = 16), o = d^2
    expect(attn.countParams()).toBe(64 * 64 + 64 + 2 * (64 * 16 + 16) + 64 * 64);
  });

  it("causal decoding with a KV cache equals the full causal forward", () => {
    const attn = new GroupedQueryAttention({ numHeads: 4, numKvHeads: 2, causal: true, ropeTheta: 1e6, seed: 9, name: "a" });
    const x = randomInput(6, 16, 2);
    const full = (attn.apply(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][];
    const expected = attentionRef(x, weightsOf(attn), 4, 2, 1e6, true);
    const cache = new KVCache();
    const prefix = (attn.apply(tf.tensor3d([x.slice(0, 4)]), { kvCache: cache }) as tf.Tensor).arraySync() as number[][][];
    const step5 = (attn.apply(tf.tensor3d([x.slice(4, 5)]), { kvCache: cache }) as tf.Tensor).arraySync() as number[][][];
    const step6 = (attn.apply(tf.tensor3d([x.slice(5, 6)]), { kvCache: cache }) as tf.Tensor).arraySync() as number[][][];
    const incremental = [...prefix[0]!, ...step5[0]!, ...step6[0]!];
    expect(cache.length).toBe(6);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 16; j++) {
        expect(full[0]![i]![j]).toBeCloseTo(expected[i]![j]!, 5);
        expect(incremental[i]![j]).toBeCloseTo(expected[i]![j]!, 5);
      }
    }
    cache.dispose();
  });

  it("takes RoPE tables from the caller: its own 1-D tables give the same output, sliced ones match the reference", () => {
    const attn = new GroupedQueryAttention({ numHeads: 4, numKvHeads: 2, seed: 5, name: "attn" });
    const x = randomInput(5, 32, 3);
    const own = (attn.apply(tf.tensor3d([x])) as tf.Tensor).dataSync();
    const rope = new RotaryEmbedding({ headDim: 8 });
    const given = (attn.apply(tf.tensor3d([x]), { rotary: rope.cosSin(5) }) as tf.Tensor).dataSync();
    expect(Array.from(given)).toEqual(Array.from(own));
    rope.dispose();

    const { tables, angles } = slicedTables(5, 8, 4, 7);
    const out = (attn.apply(tf.tensor3d([x]), { rotary: tables }) as tf.Tensor).arraySync() as number[][][];
    const expected = attentionRef(x, weightsOf(attn), 4, 2, 10000, false, (vec, i) => slicedRopeRef(vec, angles[i]!, 4));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 32; j++) expect(out[0]![i]![j]).toBeCloseTo(expected[i]![j]!, 5);
  });

  it("rejects n_kv that does not divide n_q", () => {
    expect(() => new GroupedQueryAttention({ numHeads: 8, numKvHeads: 3 })).toThrow(/numKvHeads must divide numHeads \(8\), got 3/);
  });
});
