import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQwen2Folder, saveQwen2Folder } from "./hf-folder.js";
import { applyLora, LoraLinear, loraAdapters } from "./lora.js";
import { mergeLora } from "./merge-lora.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

const ids = [[37, 235, 908, 72, 767, 905, 715, 645]];
const lora = { rank: 4, alpha: 8, dropout: 0.1, targets: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], seed: 1 };

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function logitsOf(model: Qwen2ForCausalLM): Float32Array {
  return tf.tidy(() => model.forward({ inputIds: tf.tensor2d(ids, undefined, "int32") }).dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The fixture with adapters whose B is random (B starts at zero, which would make merging trivially exact). */
async function trainedLora(quantize: boolean): Promise<Qwen2ForCausalLM> {
  const lm = await loadQwen2Folder(QWEN2_TINY_DIR);
  const { adapters } = applyLora(lm, { ...lora, quantize });
  adapters.forEach((a, i) => {
    const b = tf.randomNormal([a.rank, a.units], 0, 0.3, "float32", 100 + i);
    a.loraB.write(b);
    b.dispose();
  });
  return lm;
}

async function sortedFixtureNames(): Promise<string[]> {
  const plain = await loadQwen2Folder(QWEN2_TINY_DIR);
  const names = plain.namedWeights().map(([n]) => n).sort();
  plain.disposeWeights();
  return names;
}

describe("mergeLora", () => {
  for (const quantize of [false, true]) {
    it(`gives the logits of the unmerged model (${quantize ? "NF4" : "fp32"} base) and leaves a plain Qwen2`, async () => {
      const lm = await trainedLora(quantize);
      const unmerged = logitsOf(lm);
      const plain = await loadQwen2Folder(QWEN2_TINY_DIR);
      expect(maxAbsDiff(unmerged, logitsOf(plain))).toBeGreaterThan(1e-2); // the adapters matter
      plain.disposeWeights();

      const merged = mergeLora(lm);
      expect(merged).toHaveLength(2 * 7);
      expect(merged).toContain("model.layers.1.mlp.down_proj");
      expect(maxAbsDiff(logitsOf(lm), unmerged)).toBeLessThanOrEqual(1e-5);
      expect(loraAdapters(lm)).toEqual([]);
      expect(lm.model.layers[0]!.attn.qProj).not.toBeInstanceOf(LoraLinear);
      expect(lm.namedWeights().map(([n]) => n).sort()).toEqual(await sortedFixtureNames());
      for (const [name, w] of lm.namedWeights()) expect(w.dtype, name).toBe("float32");
      lm.disposeWeights();
    });
  }

  it("adds (alpha / r) A B to the [in, out] kernel (B A in PyTorch's [out, in])", async () => {
    const lm = await loadQwen2Folder(QWEN2_TINY_DIR);
    const { adapters } = applyLora(lm, { ...lora, targets: ["k_proj"], quantize: false });
    const k = adapters[0]!;
    const b = tf.randomNormal([k.rank, k.units], 0, 0.3, "float32", 7);
    k.loraB.write(b);
    const [inF, outF] = k.kernel!.shape as [number, number]; // [64, 32]: not square, so a transposed update could not fit
    const w = k.kernel!.read().arraySync() as number[][];
    const a = k.loraA.read().arraySync() as number[][];
    const bv = b.arraySync() as number[][];
    mergeLora(lm);
    const got = lm.model.layers[0]!.attn.kProj!.kernel!.read().arraySync() as number[][];
    expect([got.length, got[0]!.length]).toEqual([inF, outF]);
    let maxDiff = 0;
    for (let i = 0; i < inF; i++) {
      for (let j = 0; j < outF; j++) {
        let ab = 0;
        for (let r = 0; r < k.rank; r++) ab += a[i]![r]! * bv[r]![j]!;
        maxDiff = Math.max(maxDiff, Math.abs(got[i]![j]! - (w[i]![j]! + (lora.alpha / lora.rank) * ab)));
      }
    }
    expect(maxDiff).toBeLessThan(1e-6);
    b.dispose();
    lm.disposeWeights();
  });

  it("exports a Hugging Face folder that loadQwen2Folder reads back with the same logits", async () => {
    const lm = await trainedLora(true);
    const unmerged = logitsOf(lm);
    const dir = mkdtempSync(join(tmpdir(), "qwen2-merged-"));
    await expect(saveQwen2Folder(lm, dir)).rejects.toThrow(/has LoRA adapters .*lora_A\.weight.*call mergeLora/);
    mergeLora(lm);
    await saveQwen2Folder(lm, dir);
    const loaded = await loadQwen2Folder(dir);
    expect(loaded.qwenConfig).toEqual(lm.qwenConfig);
    expect(maxAbsDiff(logitsOf(loaded), unmerged)).toBeLessThanOrEqual(1e-5);
    [lm, loaded].forEach((m) => m.disposeWeights());
  });

  it("leaves a model without adapters as it is", async () => {
    const lm = await loadQwen2Folder(QWEN2_TINY_DIR);
    const before = logitsOf(lm);
    expect(mergeLora(lm)).toEqual([]);
    expect(Array.from(logitsOf(lm))).toEqual(Array.from(before));
    lm.disposeWeights();
  });
});
