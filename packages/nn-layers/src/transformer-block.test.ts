import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { Linear } from "./linear.js";
import { MoEMLP } from "./moe-mlp.js";
import { attentionRef, linearRef, type Matrix, rmsNormRef } from "./reference.test-helpers.js";
import { SwiGLUMLP } from "./swiglu-mlp.js";
import { QWEN2_BLOCK_NAMES, TransformerBlock } from "./transformer-block.js";

function siluRef(v: number): number {
  return v / (1 + Math.exp(-v));
}

describe("TransformerBlock", () => {
  it("is x + Attn(RMSNorm(x)) then + SwiGLU(RMSNorm(x)), checked against loops", () => {
    const block = new TransformerBlock({ numHeads: 4, numKvHeads: 2, intermediateSize: 24, seed: 5, name: "layers.0" });
    const x = tf.randomNormal([4, 16], 0, 1, "float32", 11).arraySync() as Matrix;
    // Make the norm weights non-trivial so they are exercised.
    block.build([null, 4, 16]);
    const named = new Map(block.weights.map((w) => [w.originalName, w]));
    named.get("layers.0.norm1.weight")!.write(tf.linspace(0.5, 1.5, 16));
    named.get("layers.0.norm2.weight")!.write(tf.linspace(1.5, 0.5, 16));
    const get = (n: string) => named.get(n)!.read();
    const m = (n: string) => get(n).arraySync() as Matrix;
    const v = (n: string) => Array.from(get(n).dataSync());

    const out = (block.apply(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][];

    const a = attentionRef(rmsNormRef(x, v("layers.0.norm1.weight"), 1e-6), {
      q: m("layers.0.attn.q_proj.weight"), qb: v("layers.0.attn.q_proj.bias"),
      k: m("layers.0.attn.k_proj.weight"), kb: v("layers.0.attn.k_proj.bias"),
      v: m("layers.0.attn.v_proj.weight"), vb: v("layers.0.attn.v_proj.bias"),
      o: m("layers.0.attn.o_proj.weight"),
    }, 4, 2, 10000, false);
    const h = x.map((row, i) => row.map((val, j) => val + a[i]![j]!));
    const n2 = rmsNormRef(h, v("layers.0.norm2.weight"), 1e-6);
    const gate = linearRef(n2, m("layers.0.mlp.gate_proj.weight"));
    const up = linearRef(n2, m("layers.0.mlp.up_proj.weight"));
    const mlp = linearRef(gate.map((row, i) => row.map((g, j) => siluRef(g) * up[i]![j]!)), m("layers.0.mlp.down_proj.weight"));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 16; j++) expect(out[0]![i]![j]).toBeCloseTo(h[i]![j]! + mlp[i]![j]!, 4);
  });

  it("counts q d^2+d, k and v d*kv+kv, o d^2, norms 2d, MLP 3dh (paper section 1)", () => {
    const d = 64, h = 128, kv = 16;
    const block = new TransformerBlock({ numHeads: 8, numKvHeads: 2, intermediateSize: h });
    block.build([null, 17, d]);
    expect(block.countParams()).toBe(d * d + d + 2 * (d * kv + kv) + d * d + 2 * d + 3 * d * h);
  });

  it("names weights like PyTorch, with Qwen2 names on request", () => {
    const vit = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 8, name: "layers.3" });
    vit.build([null, 2, 4]);
    expect(vit.weights.map((w) => w.originalName)).toContain("layers.3.mlp.down_proj.weight");
    const qwen = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 8, names: QWEN2_BLOCK_NAMES, name: "model.layers.0" });
    qwen.build([null, 2, 4]);
    expect(qwen.weights.map((w) => w.originalName)).toEqual(expect.arrayContaining([
      "model.layers.0.input_layernorm.weight", "model.layers.0.self_attn.q_proj.bias", "model.layers.0.post_attention_layernorm.weight",
    ]));
  });

  it("serialises: a LayersModel with blocks round-trips through JSON + weights", async () => {
    const input = tfl.input({ shape: [3, 8] });
    const block = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 16, seed: 1, name: "block" });
    const head = new Linear({ units: 2, name: "head", seed: 2 });
    const model = tfl.model({ inputs: input, outputs: head.apply(block.apply(input)) as tfl.SymbolicTensor });
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 4);
    const before = (model.predict(x) as tf.Tensor).arraySync();

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.countParams()).toBe(model.countParams());
    const after = (loaded.predict(x) as tf.Tensor).arraySync() as number[][][];
    (before as number[][][]).forEach((row, i) => row.forEach((r, j) => r.forEach((val, k) => expect(after[i]![j]![k]).toBeCloseTo(val, 6))));
    const blockConfig = loaded.getLayer("block").getConfig();
    expect(blockConfig).toMatchObject({ numHeads: 2, numKvHeads: 1, intermediateSize: 16, ropeTheta: 10000 });
  });
});

describe("TransformerBlock with a mixture-of-experts MLP", () => {
  const moe = { type: "moe", numExperts: 4, topK: 1, auxLossWeight: 0.02 } as const;

  it("defaults to SwiGLU: an explicit { type: 'swiglu' } block is the same block, and its config has no mlp key", () => {
    const plain = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 8, seed: 3, name: "b" });
    const explicit = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 8, seed: 3, name: "b", mlp: { type: "swiglu" } });
    for (const b of [plain, explicit]) b.build([null, 3, 4]);
    expect(plain.mlp).toBeInstanceOf(SwiGLUMLP);
    expect(plain.getConfig()).not.toHaveProperty("mlp");
    const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 1);
    expect(Array.from((explicit.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from((plain.apply(x) as tf.Tensor).dataSync()));
  });

  it("builds MoEMLP from mlp: { type: 'moe', ... }: shape kept, Qwen2-MoE names, E(3dh) + dE MLP parameters", () => {
    const d = 16, h = 24;
    const block = new TransformerBlock({ numHeads: 4, numKvHeads: 2, intermediateSize: h, seed: 5, name: "layers.0", mlp: moe });
    block.build([null, 5, d]); // outside apply's name scope, so the names stay PyTorch's
    const y = block.apply(tf.randomNormal([2, 5, d], 0, 1, "float32", 2)) as tf.Tensor;
    expect(y.shape).toEqual([2, 5, d]);
    expect(block.mlp).toBeInstanceOf(MoEMLP);
    expect((block.mlp as MoEMLP).lastRouting!.tokens).toBe(10);
    const names = block.weights.map((w) => w.originalName);
    expect(names).toEqual(expect.arrayContaining(["layers.0.mlp.gate.weight", "layers.0.mlp.experts.3.down_proj.weight"]));
    const kv = 2 * (d / 4);
    expect(block.countParams()).toBe(d * d + d + 2 * (d * kv + kv) + d * d + 2 * d + 4 * 3 * d * h + d * 4);
  });

  it("rejects an unknown MLP type and bad MoE options, naming the layer and the field", () => {
    const base = { numHeads: 2, numKvHeads: 1, intermediateSize: 8, name: "layers.2" };
    expect(() => new TransformerBlock({ ...base, mlp: { type: "glu" } as never })).toThrow(
      'layers.2.mlp: mlp.type "glu" is not a registered MLP type; expected one of swiglu, moe',
    );
    expect(() => new TransformerBlock({ ...base, mlp: { type: "moe", numExperts: 4, topK: 5 } })).toThrow(
      "layers.2.mlp: topK must be an integer from 1 to numExperts (4), got 5",
    );
  });

  it("serialises: the mlp choice survives a LayersModel JSON round trip", async () => {
    const input = tfl.input({ shape: [3, 8] });
    const block = new TransformerBlock({ numHeads: 2, numKvHeads: 1, intermediateSize: 16, seed: 1, name: "block", mlp: { ...moe, topK: 2, capacityFactor: 1.5 } });
    const model = tfl.model({ inputs: input, outputs: block.apply(input) as tfl.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer("block").getConfig().mlp).toEqual({ type: "moe", numExperts: 4, topK: 2, auxLossWeight: 0.02, capacityFactor: 1.5 });
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 4);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });
});
