// Browser-safe: the model, its configs and (de)serialisation of parsed safetensors. Reading and
// writing files is in ./node.ts (`@llmnist/vit/node`).
export { ClassToken, type ClassTokenConfig } from "./class-token.js";
export {
  activeParameterCount,
  expectedParameterCount,
  isViTMoEPreset,
  isViTPreset,
  PAPER_ACCURACY,
  resolveViTConfig,
  sequenceLength,
  validateViTConfig,
  VIT_MOE_PRESETS,
  VIT_PRESETS,
  type ViTConfig,
  type ViTMoEPresetName,
  type ViTPresetName,
} from "./config.js";
export { PatchEmbedding, type PatchEmbeddingConfig } from "./patch-embedding.js";
export { createVisionTransformer, VisionTransformer, vitFactory, type VisionTransformerOptions } from "./vision-transformer.js";
export { loadPyTorchState, toPyTorchState } from "./pytorch-state.js";
export { VIT_FORMAT, vitConfigFromMetadata, vitFromSafetensors, vitToSafetensors } from "./vit-safetensors.js";
