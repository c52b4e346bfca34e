import { readFileSync } from "node:fs";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "./generate.js";
import { loadQwen2Folder } from "./hf-folder.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

interface Expected {
  input_ids: number[][];
  logits: number[][][];
  greedy_prompt: number[][];
  greedy_continuation: number[];
}

const expected = JSON.parse(readFileSync(join(QWEN2_TINY_DIR, "expected.json"), "utf8")) as Expected;
let model: Qwen2ForCausalLM;

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = await loadQwen2Folder(QWEN2_TINY_DIR);
});
afterAll(() => model.disposeWeights());

describe("Qwen2ForCausalLM on the Hugging Face fixture", () => {
  it("names its weights like Hugging Face", () => {
    const names = model.namedWeights().map(([n]) => n);
    expect(names).toContain("model.embed_tokens.weight");
    expect(names).toContain("model.layers.1.self_attn.q_proj.bias");
    expect(names).toContain("model.layers.0.mlp.down_proj.weight");
    expect(names).toContain("model.norm.weight");
    expect(names).not.toContain("lm_head.weight"); // tied
  });

  it("reproduces transformers' logits to 1e-4", () => {
    const ids = tf.tensor2d(expected.input_ids, undefined, "int32");
    const logits = model.forward({ inputIds: ids });
    const want = tf.tensor3d(expected.logits);
    expect(logits.shape).toEqual(want.shape);
    const maxDiff = tf.max(tf.abs(tf.sub(logits, want))).dataSync()[0]!;
    expect(maxDiff).toBeLessThan(1e-4);
    tf.dispose([ids, logits, want]);
  });

  it("continues the prompt greedily exactly like transformers' generate", () => {
    const out = generate(model, expected.greedy_prompt, { maxNewTokens: expected.greedy_continuation.length });
    expect(out).toEqual([expected.greedy_continuation]);
  });
});
