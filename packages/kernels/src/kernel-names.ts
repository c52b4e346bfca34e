/** Names of the fused kernels this package registers (for the wasm backend). */
export const ROTARY = "LlmnistRotary";
export const RMS_NORM = "LlmnistRMSNorm";
export const RMS_NORM_GRAD = "LlmnistRMSNormGrad";
export const SWIGLU = "LlmnistSwiGLU";
export const SWIGLU_GRAD = "LlmnistSwiGLUGrad";
export const ATTENTION = "LlmnistAttention";
export const ATTENTION_GRAD = "LlmnistAttentionGrad";
export const ADAMW = "LlmnistAdamW";
export const LINEAR = "LlmnistLinear";
export const LINEAR_GRAD = "LlmnistLinearGrad";
