// The browser-safe part of MnistVL: model, generation, LoRA, training task. Files, the
// tokenizer's bundled files and the Hugging Face hub are in "@llmnist/mnistvl/node".
export { parseQwen2Config, validateQwen2Config, QWEN2_5_1_5B_CONFIG, type Qwen2Config } from "./qwen2-config.js";
export { TokenEmbedding, type TokenEmbeddingConfig } from "./token-embedding.js";
export { Qwen2Cache } from "./qwen2-cache.js";
export { createQwen2ForCausalLM, Qwen2ForCausalLM, Qwen2Model, type DecoderInput, type Qwen2Options } from "./qwen2-model.js";
export { loadQwen2State, qwen2StateTensors } from "./hf-checkpoint.js";
export { generate, generateFromEmbeddings, type GenerationOptions } from "./generate.js";
export { argmax, sampleToken, type SamplingOptions } from "./sampling.js";
export { createChatTokenizer, type ChatTokenizer } from "./chat-tokenizer.js";
export { buildVisionPrompt, parseDigitAnswer, MNIST_QUESTION, type VisionPrompt } from "./vision-prompt.js";
export { IMAGE_PIXELS, PixelProjector, type ProjectorConfig } from "./projector.js";
export { ActiveVocabulary, fullVocabularyHead, type TextHead } from "./text-head.js";
export { answerLoss, MnistVL } from "./mnistvl-model.js";
export { DEFAULT_DISTORTION, distortImage, type DistortOptions } from "./augment.js";
export { answerAccuracy, mnistvlTaskParts, type VLTaskOptions } from "./vl-task.js";
export { evaluateMnistVL, QWEN25_VL_3B_BASELINE, type EvaluateVLOptions, type VLEvaluation } from "./evaluate.js";
export { createMnistVL, mnistVLFromFile, specMetadata, MNISTVL_FORMAT, type MnistVLSpec } from "./mnistvl-checkpoint.js";
export { getMnistVLPreset, MNISTVL_PRESETS, recipeTrainOptions, type LoraRecipe, type MnistVLPreset, type VLTrainingRecipe } from "./presets.js";
export { prepareScratchModel } from "./scratch-model.js";
export { applyLora, LORA_TARGETS, LoraLinear, loraAdapters, setLoraStep, setLoraTraining, type LoraAdapters, type LoraConfig, type LoraModuleName, type LoraReport } from "./lora.js";
export { mergeLora } from "./merge-lora.js";
export { dequantizeNf4, NF4_BLOCK_SIZE, NF4_CODE, nf4Bytes, quantizeNf4, type Nf4Tensor } from "./nf4.js";
export { teacherForcedLogits, type TeacherForcedLogits } from "./mnistvl-model.js";
export { checkPairing, mnistvlDistillParts, VL_DISTILL_DEFAULTS, type VLDistillTaskOptions, type VLDistillWeights, type VLModelHead } from "./distill-task.js";
