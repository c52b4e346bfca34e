import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQwen2Folder } from "./hf-folder.js";
import { applyLora, LoraLinear, loraAdapters, setLoraStep, setLoraTraining } from "./lora.js";
import { dequantizeNf4 } from "./nf4.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

const ids = [[37, 235, 908, 72, 767, 905, 715, 645]];
const lora = { rank: 4, alpha: 8, dropout: 0.1, targets: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], seed: 1 };

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function logitsOf(model: Awaited<ReturnType<typeof loadQwen2Folder>>): Float32Array {
  return tf.tidy(() => model.forward({ inputIds: tf.tensor2d(ids, undefined, "int32") }).dataSync() as Float32Array);
}

describe("LoRA / QLoRA", () => {
  it("an fp32 LoRA model computes exactly what its base does before training (B = 0)", async () => {
    const base = await loadQwen2Folder(QWEN2_TINY_DIR);
    const before = logitsOf(base);
    const report = applyLora(base, { ...lora, quantize: false });
    expect(report.adapters).toHaveLength(2 * 7);
    const after = logitsOf(base);
    expect(Array.from(after)).toEqual(Array.from(before));
    base.disposeWeights();
  });

  it("a QLoRA model's output before training equals the model with dequantised NF4 kernels", async () => {
    const qlora = await loadQwen2Folder(QWEN2_TINY_DIR);
    const report = applyLora(qlora, { ...lora, quantize: true });
    const out = logitsOf(qlora);
    // Reference: a plain model whose target kernels hold the dequantised NF4 values.
    const reference = await loadQwen2Folder(QWEN2_TINY_DIR);
    const byName = new Map(reference.namedWeights());
    for (const adapter of report.adapters) {
      const variable = byName.get(`${adapter.name}.weight`)!;
      const value = tf.tensor(dequantizeNf4(adapter.nf4!), variable.shape as number[]);
      variable.write(value);
      value.dispose();
    }
    const want = logitsOf(reference);
    let maxDiff = 0;
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i]! - want[i]!));
    expect(maxDiff).toBeLessThan(1e-5);
    // ...and quantisation did change the model (the comparison above is not vacuous).
    const fp32 = await loadQwen2Folder(QWEN2_TINY_DIR);
    const original = logitsOf(fp32);
    let moved = 0;
    for (let i = 0; i < want.length; i++) moved = Math.max(moved, Math.abs(original[i]! - want[i]!));
    expect(moved).toBeGreaterThan(1e-4);
    [qlora, reference, fp32].forEach((m) => m.disposeWeights());
  });

  it("trains only the adapters, named after the layer they adapt", async () => {
    const model = await loadQwen2Folder(QWEN2_TINY_DIR);
    const report = applyLora(model, { ...lora, targets: ["q_proj", "v_proj"], quantize: true });
    const trainable = model.trainableWeights.map((w) => w.originalName).sort();
    expect(trainable).toEqual(report.params.map(([name]) => name).sort());
    expect(trainable).toContain("model.layers.0.self_attn.q_proj.lora_A.weight");
    expect(trainable).toContain("model.layers.1.self_attn.v_proj.lora_B.weight");
    expect(model.model.layers[0]!.attn.qProj).toBeInstanceOf(LoraLinear);
    expect(model.model.layers[0]!.attn.kProj).not.toBeInstanceOf(LoraLinear);
    const a = report.params.find(([n]) => n.endsWith("q_proj.lora_A.weight"))![1];
    const b = report.params.find(([n]) => n.endsWith("q_proj.lora_B.weight"))![1];
    expect(a.shape).toEqual([64, 4]); // [in, r]
    expect(b.shape).toEqual([4, 64]); // [r, out]
    expect(Array.from(b.dataSync()).every((v) => v === 0)).toBe(true);
    model.disposeWeights();
  });

  it("reports the memory NF4 saves: 4.5 bits per weight instead of 32", async () => {
    const model = await loadQwen2Folder(QWEN2_TINY_DIR);
    const report = applyLora(model, { ...lora, quantize: true });
    // Per layer: q 64x64, k 64x32, v 64x32, o 64x64, gate/up 64x128, down 128x64 -> 40,960 weights.
    const weights = 2 * (64 * 64 + 64 * 32 * 2 + 64 * 64 + 3 * 64 * 128);
    expect(report.frozenFp32Bytes).toBe(weights * 4);
    expect(report.frozenStoredBytes).toBe(weights / 2 + (weights / 64) * 4);
    model.disposeWeights();
  });

  it("rejects unknown target modules", async () => {
    const model = await loadQwen2Folder(QWEN2_TINY_DIR);
    expect(() => applyLora(model, { ...lora, targets: ["qkv"], quantize: false })).toThrow(/targets must be a non-empty subset of q_proj, .*got \["qkv"\]/);
    model.disposeWeights();
  });
});

describe("LoRA dropout masks", () => {
  const x = () => tf.ones([2, 5, 64]); // [B, n, hidden]: every adapter of the attention sees the same input

  /** The fixture with dropout 0.5 on every target and random B, in training mode. */
  async function training(): Promise<Qwen2ForCausalLM> {
    const lm = await loadQwen2Folder(QWEN2_TINY_DIR);
    const { adapters } = applyLora(lm, { ...lora, dropout: 0.5, quantize: false });
    adapters.forEach((a, i) => {
      const b = tf.randomNormal([a.rank, a.units], 0, 0.3, "float32", 100 + i);
      a.loraB.write(b);
      b.dispose();
    });
    setLoraTraining(lm, true);
    return lm;
  }

  function mask(adapter: LoraLinear): number[] {
    return tf.tidy(() => Array.from(adapter.dropInput(x()).dataSync()));
  }

  function firstMasks(lm: Qwen2ForCausalLM): number[][] {
    return loraAdapters(lm).map(mask);
  }

  it("differ between the q, k and v adapters at one step", async () => {
    const lm = await training();
    setLoraStep(lm, 7);
    const attn = lm.model.layers[0]!.attn;
    const [q, k, v] = [attn.qProj, attn.kProj, attn.vProj].map((l) => mask(l as LoraLinear));
    expect(new Set(q).size).toBe(2); // 0 and 1 / (1 - 0.5): a real mask
    expect(q).not.toEqual(k);
    expect(q).not.toEqual(v);
    expect(k).not.toEqual(v);
    lm.disposeWeights();
  });

  it("depend only on the step: a fresh model (a resumed run) draws what an unbroken run draws", async () => {
    const unbroken = await training();
    const input = tf.tensor2d(ids, undefined, "int32");
    for (let step = 0; step < 3; step++) {
      setLoraStep(unbroken, step);
      tf.dispose(unbroken.forward({ inputIds: input }));
    }
    setLoraStep(unbroken, 3);
    const unbrokenLogits = tf.tidy(() => Array.from(unbroken.forward({ inputIds: input }).dataSync()));
    setLoraStep(unbroken, 3);
    const unbrokenMasks = firstMasks(unbroken);

    const resumed = await training();
    setLoraStep(resumed, 3);
    const resumedLogits = tf.tidy(() => Array.from(resumed.forward({ inputIds: input }).dataSync()));
    setLoraStep(resumed, 3);
    expect(firstMasks(resumed)).toEqual(unbrokenMasks);
    expect(resumedLogits).toEqual(unbrokenLogits);

    setLoraStep(resumed, 4);
    const next = firstMasks(resumed);
    next.forEach((m, i) => expect(m).not.toEqual(unbrokenMasks[i]));
    setLoraStep(resumed, 4);
    const nextLogits = tf.tidy(() => Array.from(resumed.forward({ inputIds: input }).dataSync()));
    expect(nextLogits).not.toEqual(resumedLogits);
    input.dispose();
    [unbroken, resumed].forEach((m) => m.disposeWeights());
  });

  it("differ between calls within a step and between data-parallel shards", async () => {
    const lm = await training();
    const q = lm.model.layers[1]!.attn.qProj as LoraLinear;
    setLoraStep(lm, 2);
    const first = mask(q);
    expect(mask(q)).not.toEqual(first); // e.g. the prompt prefix, then the images
    setLoraStep(lm, 2, { shard: 1 });
    expect(mask(q)).not.toEqual(first);
    setLoraStep(lm, 2);
    expect(mask(q)).toEqual(first);
    lm.disposeWeights();
  });

  it("need a step while training, and none at inference", async () => {
    const lm = await loadQwen2Folder(QWEN2_TINY_DIR);
    applyLora(lm, { ...lora, dropout: 0.5, quantize: false });
    const input = tf.tensor2d(ids, undefined, "int32");
    tf.dispose(lm.forward({ inputIds: input }));
    setLoraTraining(lm, true);
    expect(() => lm.forward({ inputIds: input })).toThrow(/model\.layers\.0\.self_attn\.q_proj: dropout is on but no step was set; call setLoraStep/);
    expect(() => setLoraStep(lm, -1)).toThrow(/step must be a non-negative integer, got -1/);
    input.dispose();
    lm.disposeWeights();
  });
});
