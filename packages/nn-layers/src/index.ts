export { GroupedQueryAttention, type AttentionCallOptions, type GroupedQueryAttentionConfig } from "./attention.js";
export { buildChild, CompositeLayer } from "./composite-layer.js";
export { initSeed, torchDefaultUniform } from "./init.js";
export { KVCache } from "./kv-cache.js";
export { Linear, linear, type LinearConfig } from "./linear.js";
export { RMSNorm, rmsNorm, type RMSNormConfig } from "./rms-norm.js";
export {
  applyRotaryPosEmb,
  applyRotaryTables,
  applyRotaryTablesTokenMajor,
  RotaryEmbedding,
  rotateHalf,
  type RotaryEmbeddingConfig,
  type RotaryTables,
} from "./rotary.js";
export { silu, swiGLU, SwiGLUMLP, type SwiGLUMLPConfig } from "./swiglu-mlp.js";
export {
  QWEN2_BLOCK_NAMES,
  TransformerBlock,
  VIT_BLOCK_NAMES,
  type TransformerBlockConfig,
  type TransformerBlockNames,
} from "./transformer-block.js";
