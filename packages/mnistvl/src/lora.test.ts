import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQwen2Folder } from "./hf-checkpoint.js";
import { applyLora, LoraLinear } from "./lora.js";
import { dequantizeNf4 } from "./nf4.js";
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
