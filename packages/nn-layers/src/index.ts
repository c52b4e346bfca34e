export {
  collectAuxiliaryLosses,
  collectingAuxiliaryLosses,
  reportAuxiliaryLoss,
  sumAuxiliaryLosses,
  type CollectedAuxiliaryLosses,
} from "./auxiliary-losses.js";
export { GroupedQueryAttention, type AttentionCallOptions, type GroupedQueryAttentionConfig } from "./attention.js";
export { buildChild, CompositeLayer } from "./composite-layer.js";
export { initSeed, torchDefaultUniform } from "./init.js";
export { KVCache } from "./kv-cache.js";
export { Linear, linear, type LinearConfig } from "./linear.js";
export {
  createMlp,
  registerMlpType,
  validateMlpConfig,
  type MlpBuildArgs,
  type MlpConfig,
  type MlpFactory,
  type MlpTypes,
} from "./mlp-registry.js";
export { MoEMLP, validateMoEOptions, type MoEDispatch, type MoEMLPConfig, type MoEOptions } from "./moe-mlp.js";
export { expertCapacity, routeTokens, routingStats, type MoERouting, type MoERoutingStats } from "./moe-routing.js";
export { gatherRows, scatterAddRows, withZeroGradient } from "./row-dispatch.js";
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
