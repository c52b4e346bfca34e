export { ClassToken, type ClassTokenConfig } from "./class-token.js";
export {
  expectedParameterCount,
  isViTPreset,
  PAPER_ACCURACY,
  resolveViTConfig,
  sequenceLength,
  validateViTConfig,
  VIT_PRESETS,
  type ViTConfig,
  type ViTPresetName,
} from "./config.js";
export { PatchEmbedding, type PatchEmbeddingConfig } from "./patch-embedding.js";
export { createVisionTransformer, VisionTransformer, type VisionTransformerOptions } from "./vision-transformer.js";
export {
  exportPyTorchCheckpoint,
  importPyTorchCheckpoint,
  loadPyTorchState,
  toPyTorchState,
} from "./pytorch-checkpoint.js";
export { loadViT, readViTConfig, saveViT, VIT_FORMAT } from "./save-load.js";
