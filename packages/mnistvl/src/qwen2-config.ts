/**
 * Everything that defines a Qwen2 decoder (Hugging Face `Qwen2Config`), in camelCase.
 * The names mirror config.json's snake_case fields one to one.
 */
export interface Qwen2Config {
  vocabSize: number;
  hiddenSize: number;
  /** SwiGLU hidden width. */
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  /** Per-head width; hiddenSize / numAttentionHeads unless config.json says otherwise. */
  headDim: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** lm_head shares the input embedding matrix (no `lm_head.weight` in the checkpoint). */
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number;
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parse a Hugging Face `config.json` object. RoPE theta is read from the top level
 * (`rope_theta`, released Qwen2.5 checkpoints) or `rope_parameters.rope_theta`
 * (transformers >= 5). Missing or malformed fields throw, naming `source` and the field.
 */
export function parseQwen2Config(json: unknown, source = "config.json"): Qwen2Config {
  if (!isObject(json)) throw new Error(`${source}: expected a JSON object, got ${JSON.stringify(json)?.slice(0, 80)}`);
  const modelType = json.model_type;
  if (modelType !== undefined && modelType !== "qwen2") {
    throw new Error(`${source}: model_type: expected "qwen2", got ${JSON.stringify(modelType)}`);
  }
  const positiveInt = (field: string): number => {
    const v = json[field];
    if (v === undefined) throw new Error(`${source}: missing field "${field}" (a positive integer)`);
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      throw new Error(`${source}: field "${field}": expected a positive integer, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const vocabSize = positiveInt("vocab_size");
  const hiddenSize = positiveInt("hidden_size");
  const intermediateSize = positiveInt("intermediate_size");
  const numHiddenLayers = positiveInt("num_hidden_layers");
  const numAttentionHeads = positiveInt("num_attention_heads");
  // HF's default when absent is plain multi-head attention.
  const numKeyValueHeads = json.num_key_value_heads === undefined ? numAttentionHeads : positiveInt("num_key_value_heads");
  const headDim = json.head_dim === undefined || json.head_dim === null ? hiddenSize / numAttentionHeads : positiveInt("head_dim");
  const rmsNormEps = json.rms_norm_eps;
  if (rmsNormEps === undefined) throw new Error(`${source}: missing field "rms_norm_eps" (a number, 1e-6 in Qwen2.5)`);
  if (typeof rmsNormEps !== "number" || !(rmsNormEps > 0)) {
    throw new Error(`${source}: field "rms_norm_eps": expected a number > 0, got ${JSON.stringify(rmsNormEps)}`);
  }
  const ropeTheta = readRopeTheta(json, source);
  const tie = json.tie_word_embeddings ?? false; // HF's PretrainedConfig default is true, Qwen2Config's is false
  if (typeof tie !== "boolean") {
    throw new Error(`${source}: field "tie_word_embeddings": expected true or false, got ${JSON.stringify(tie)}`);
  }
  const maxPositionEmbeddings = json.max_position_embeddings === undefined ? 32768 : positiveInt("max_position_embeddings");
  const config: Qwen2Config = {
    vocabSize,
    hiddenSize,
    intermediateSize,
    numHiddenLayers,
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    rmsNormEps,
    ropeTheta,
    tieWordEmbeddings: tie,
    maxPositionEmbeddings,
  };
  validateQwen2Config(config, source);
  return config;
}

function readRopeTheta(json: JsonObject, source: string): number {
  const params = json.rope_parameters;
  const nested = isObject(params) ? params.rope_theta : undefined;
  const theta = json.rope_theta ?? nested;
  if (theta === undefined) {
    throw new Error(`${source}: missing RoPE base: expected "rope_theta" or "rope_parameters.rope_theta" (a number, 1e6 in Qwen2.5)`);
  }
  if (typeof theta !== "number" || !(theta > 0)) {
    throw new Error(`${source}: field "rope_theta": expected a number > 0, got ${JSON.stringify(theta)}`);
  }
  const ropeType = isObject(params) ? params.rope_type : undefined;
  if (ropeType !== undefined && ropeType !== "default") {
    throw new Error(`${source}: rope_parameters.rope_type: only "default" RoPE is supported, got ${JSON.stringify(ropeType)}`);
  }
  return theta;
}

/** Cross-field checks: heads divide evenly and RoPE needs an even head width. */
export function validateQwen2Config(c: Qwen2Config, source = "Qwen2Config"): void {
  const ints: Array<keyof Qwen2Config> = [
    "vocabSize", "hiddenSize", "intermediateSize", "numHiddenLayers", "numAttentionHeads", "numKeyValueHeads", "headDim", "maxPositionEmbeddings",
  ];
  for (const field of ints) {
    const v = c[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new Error(`${source}: ${field} must be a positive integer, got ${String(v)}`);
  }
  if (c.numAttentionHeads % c.numKeyValueHeads !== 0) {
    throw new Error(`${source}: num_key_value_heads (${c.numKeyValueHeads}) must divide num_attention_heads (${c.numAttentionHeads})`);
  }
  if (c.headDim % 2 !== 0) throw new Error(`${source}: head_dim must be even for RoPE, got ${c.headDim}`);
}

/** The HF config.json form (snake_case), as written next to exported checkpoints. */
export function toHfConfigJson(c: Qwen2Config): Record<string, unknown> {
  return {
    architectures: ["Qwen2ForCausalLM"],
    model_type: "qwen2",
    vocab_size: c.vocabSize,
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numHiddenLayers,
    num_attention_heads: c.numAttentionHeads,
    num_key_value_heads: c.numKeyValueHeads,
    head_dim: c.headDim,
    hidden_act: "silu",
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    tie_word_embeddings: c.tieWordEmbeddings,
    max_position_embeddings: c.maxPositionEmbeddings,
    torch_dtype: "float32",
  };
}

/** Qwen2.5-1.5B-Instruct's architecture (PAPER.md section 4). */
export const QWEN2_5_1_5B_CONFIG: Qwen2Config = {
  vocabSize: 151936,
  hiddenSize: 1536,
  intermediateSize: 8960,
  numHiddenLayers: 28,
  numAttentionHeads: 12,
  numKeyValueHeads: 2,
  headDim: 128,
  rmsNormEps: 1e-6,
  ropeTheta: 1e6,
  tieWordEmbeddings: true,
  maxPositionEmbeddings: 32768,
};
