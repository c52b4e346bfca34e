import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "./generate.js";
import { loadQwen2Folder } from "./hf-folder.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

let model: Qwen2ForCausalLM;
const prompts = [
  [5, 17, 300, 9, 44, 1000],
  [1, 2, 3, 4, 5, 6],
];

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = await loadQwen2Folder(QWEN2_TINY_DIR);
});
afterAll(() => model.disposeWeights());

describe("generate", () => {
  it("with a KV cache equals recomputing the whole sequence each step (greedy, batch of 2)", () => {
    const cached = generate(model, prompts, { maxNewTokens: 8 });
    const recomputed = generate(model, prompts, { maxNewTokens: 8, useCache: false });
    expect(cached).toEqual(recomputed);
    expect(cached.map((row) => row.length)).toEqual([8, 8]);
  });

  it("with a KV cache equals recomputation when sampling with the same seed", () => {
    const sampling = { temperature: 1.5, topK: 50, topP: 0.95 };
    const cached = generate(model, prompts, { maxNewTokens: 8, sampling, seed: 3 });
    const recomputed = generate(model, prompts, { maxNewTokens: 8, sampling, seed: 3, useCache: false });
    expect(cached).toEqual(recomputed);
  });

  it("sampling is reproducible with a seed and differs across seeds", () => {
    const sampling = { temperature: 2 };
    const a = generate(model, prompts, { maxNewTokens: 10, sampling, seed: 11 });
    const b = generate(model, prompts, { maxNewTokens: 10, sampling, seed: 11 });
    const c = generate(model, prompts, { maxNewTokens: 10, sampling, seed: 12 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it("stops a row at an end token and keeps it", () => {
    const greedy = generate(model, [prompts[0]!], { maxNewTokens: 6 })[0]!;
    const stopAt = greedy[2]!;
    const out = generate(model, [prompts[0]!], { maxNewTokens: 6, eosTokenIds: [stopAt] })[0]!;
    expect(out).toEqual(greedy.slice(0, greedy.indexOf(stopAt) + 1));
  });

  it("rejects prompts of different lengths", () => {
    expect(() => generate(model, [[1, 2], [3]], { maxNewTokens: 1 })).toThrow(/share one length \(got 2, 1\)/);
  });
});
