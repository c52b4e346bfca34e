import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseQwen2Config, QWEN2_5_1_5B_CONFIG } from "./qwen2-config.js";
import { QWEN2_TINY_DIR } from "./test-paths.test-helpers.js";

const fixture = JSON.parse(readFileSync(join(QWEN2_TINY_DIR, "config.json"), "utf8")) as Record<string, unknown>;

/** The released Qwen2.5-1.5B-Instruct config.json fields (rope_theta at top level). */
const released = {
  architectures: ["Qwen2ForCausalLM"], hidden_act: "silu", hidden_size: 1536, intermediate_size: 8960, max_position_embeddings: 32768,
  model_type: "qwen2", num_attention_heads: 12, num_hidden_layers: 28, num_key_value_heads: 2, rms_norm_eps: 1e-6, rope_theta: 1000000.0,
  tie_word_embeddings: true, torch_dtype: "bfloat16", vocab_size: 151936,
};

describe("parseQwen2Config", () => {
  it("reads the transformers-5 fixture (theta under rope_parameters)", () => {
    expect(parseQwen2Config(fixture)).toEqual({
      vocabSize: 1024, hiddenSize: 64, intermediateSize: 128, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2,
      headDim: 16, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 256,
    });
  });

  it("reads a released Qwen2.5 config (theta at top level) as PAPER.md section 4 describes it", () => {
    expect(parseQwen2Config(released)).toEqual(QWEN2_5_1_5B_CONFIG);
  });

  it("names a missing field and the file", () => {
    const { hidden_size: _, ...rest } = released;
    expect(() => parseQwen2Config(rest, "dir/config.json")).toThrow('dir/config.json: missing field "hidden_size" (a positive integer)');
    const { rope_theta: __, ...noTheta } = released;
    expect(() => parseQwen2Config(noTheta, "c.json")).toThrow(/c\.json: missing RoPE base: expected "rope_theta" or "rope_parameters.rope_theta"/);
    const { rms_norm_eps: ___, ...noEps } = released;
    expect(() => parseQwen2Config(noEps, "c.json")).toThrow(/missing field "rms_norm_eps"/);
  });

  it("says what it expected and what it got for malformed fields", () => {
    expect(() => parseQwen2Config({ ...released, num_hidden_layers: "28" }, "c.json")).toThrow('c.json: field "num_hidden_layers": expected a positive integer, got "28"');
    expect(() => parseQwen2Config({ ...released, num_key_value_heads: 5 }, "c.json")).toThrow(/num_key_value_heads \(5\) must divide num_attention_heads \(12\)/);
    expect(() => parseQwen2Config({ ...released, model_type: "llama" }, "c.json")).toThrow(/model_type: expected "qwen2", got "llama"/);
    expect(() => parseQwen2Config({ ...released, tie_word_embeddings: "yes" }, "c.json")).toThrow(/tie_word_embeddings": expected true or false, got "yes"/);
  });
});
