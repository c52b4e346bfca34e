import { type MlpConfig, validateMlpConfig } from "@llmnist/nn-layers";

/** Everything that defines a ViT; the presets below are the paper's four rows. */
export interface ViTConfig {
  /** Number of pre-norm transformer blocks. */
  numLayers: number;
  /** Side of a square patch; 28 must be divisible by it (7 -> 16 tokens, 4 -> 49 tokens). */
  patchSize: number;
  /** Token width (the paper's "dim"). */
  hiddenSize: number;
  /** SwiGLU hidden width (the paper's "hidden"; each expert's, for a mixture of experts). */
  intermediateSize: number;
  /** Query heads; head_dim = hiddenSize / numHeads. */
  numHeads: number;
  /** Key/value heads of grouped-query attention; must divide numHeads. */
  numKvHeads: number;
  /** Output classes (10 digits). */
  numClasses: number;
  /** Input side in pixels (MNIST: 28). */
  imageSize: number;
  /** Input channels (MNIST: 1, grayscale). */
  channels: number;
  /** RoPE base over token positions 0..n-1, class token at 0. */
  ropeTheta: number;
  /** RMSNorm epsilon. */
  rmsNormEps: number;
  /**
   * The blocks' MLP (`@llmnist/nn-layers`' MlpConfig). Absent: the paper's SwiGLU MLP, and the
   * config (saved files included) is exactly what it always was. `{ type: "moe", ... }`: MoEMLP.
   */
  mlp?: MlpConfig;
}

const MNIST_DEFAULTS = { numClasses: 10, imageSize: 28, channels: 1, ropeTheta: 10000, rmsNormEps: 1e-6 } as const;

export const VIT_PRESETS = {
  "0.21M": { ...MNIST_DEFAULTS, numLayers: 6, patchSize: 7, hiddenSize: 64, intermediateSize: 128, numHeads: 8, numKvHeads: 2 },
  "0.25M": { ...MNIST_DEFAULTS, numLayers: 6, patchSize: 7, hiddenSize: 64, intermediateSize: 128, numHeads: 8, numKvHeads: 8 },
  "1.68M": { ...MNIST_DEFAULTS, numLayers: 12, patchSize: 4, hiddenSize: 128, intermediateSize: 256, numHeads: 16, numKvHeads: 4 },
  "53.53M": { ...MNIST_DEFAULTS, numLayers: 24, patchSize: 4, hiddenSize: 512, intermediateSize: 1024, numHeads: 32, numKvHeads: 8 },
} as const satisfies Record<string, ViTConfig>;

export type ViTPresetName = keyof typeof VIT_PRESETS;

/**
 * Beyond the paper (its section 6, future work): sparse mixture-of-experts MLPs. Kept apart from
 * VIT_PRESETS, which are the paper's Table 6-1 rows (reproduced and benchmarked as a set).
 * `0.21M-moe4`: the 0.21M model with 4 SwiGLU experts per block, top-1 (Switch) routing, no
 * capacity limit: the same computation per token as 0.21M plus the router, 3x more MLP weights.
 */
export const VIT_MOE_PRESETS = {
  "0.21M-moe4": { ...VIT_PRESETS["0.21M"], mlp: { type: "moe", numExperts: 4, topK: 1, auxLossWeight: 0.01 } },
} as const satisfies Record<string, ViTConfig>;

export type ViTMoEPresetName = keyof typeof VIT_MOE_PRESETS;

/** The paper's accuracies (Tables 6-1 and 6-2), percent on the MNIST test set. */
export const PAPER_ACCURACY: Record<ViTPresetName, { ce: number; cpo: number }> = {
  "0.21M": { ce: 99.12, cpo: 99.01 },
  "0.25M": { ce: 99.03, cpo: 98.95 },
  "1.68M": { ce: 99.35, cpo: 99.21 },
  "53.53M": { ce: 99.34, cpo: 98.95 },
};

/** One of the paper's presets (VIT_PRESETS). */
export function isViTPreset(name: string): name is ViTPresetName {
  return Object.prototype.hasOwnProperty.call(VIT_PRESETS, name);
}

/** One of the mixture-of-experts presets (VIT_MOE_PRESETS). */
export function isViTMoEPreset(name: string): name is ViTMoEPresetName {
  return Object.prototype.hasOwnProperty.call(VIT_MOE_PRESETS, name);
}

/** A preset by name (the paper's or a mixture-of-experts one), or a full config checked for consistency. */
export function resolveViTConfig(presetOrConfig: ViTPresetName | ViTMoEPresetName | string | Partial<ViTConfig>): ViTConfig {
  if (typeof presetOrConfig === "string") {
    if (isViTPreset(presetOrConfig)) return { ...VIT_PRESETS[presetOrConfig] };
    if (isViTMoEPreset(presetOrConfig)) {
      const preset: ViTConfig = VIT_MOE_PRESETS[presetOrConfig];
      return { ...preset, mlp: { ...preset.mlp! } };
    }
    const names = [...Object.keys(VIT_PRESETS), ...Object.keys(VIT_MOE_PRESETS)];
    throw new Error(`unknown ViT preset "${presetOrConfig}"; expected one of ${names.join(", ")}`);
  }
  const config = { ...MNIST_DEFAULTS, ...presetOrConfig } as ViTConfig;
  validateViTConfig(config);
  return config;
}

export function validateViTConfig(c: ViTConfig): void {
  const positive = ["numLayers", "patchSize", "hiddenSize", "intermediateSize", "numHeads", "numKvHeads", "numClasses", "imageSize", "channels"] as const;
  for (const field of positive) {
    const value = c[field];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`ViT config: ${field} must be a positive integer, got ${String(value)}`);
  }
  if (c.imageSize % c.patchSize !== 0) throw new Error(`ViT config: imageSize ${c.imageSize} is not divisible by patchSize ${c.patchSize}`);
  if (c.hiddenSize % c.numHeads !== 0) throw new Error(`ViT config: hiddenSize ${c.hiddenSize} is not divisible by numHeads ${c.numHeads}`);
  if ((c.hiddenSize / c.numHeads) % 2 !== 0) throw new Error(`ViT config: head_dim ${c.hiddenSize / c.numHeads} must be even for RoPE`);
  if (c.numHeads % c.numKvHeads !== 0) throw new Error(`ViT config: numKvHeads ${c.numKvHeads} must divide numHeads ${c.numHeads}`);
  if (c.mlp !== undefined) validateMlpConfig(c.mlp, "ViT config: mlp");
}

/** Tokens per image: patches plus the class token. */
export function sequenceLength(c: ViTConfig): number {
  return (c.imageSize / c.patchSize) ** 2 + 1;
}

/**
 * Trainable parameters by the paper's formula (section 1), independent of the layers. With a
 * mixture of experts each block's MLP has E experts of 3dh and a router of dE.
 */
export function expectedParameterCount(c: ViTConfig): number {
  return parameterCount(c, "total");
}

/**
 * Parameters one token passes through: with a mixture of experts, its k experts (3dh each)
 * and the router (dE, which every token runs); otherwise all of them (= expectedParameterCount).
 */
export function activeParameterCount(c: ViTConfig): number {
  return parameterCount(c, "active");
}

function parameterCount(c: ViTConfig, which: "total" | "active"): number {
  const d = c.hiddenSize;
  const kv = c.numKvHeads * (d / c.numHeads);
  const swiglu = 3 * d * c.intermediateSize;
  let mlp = swiglu;
  if (c.mlp?.type === "moe") {
    const experts = which === "total" ? c.mlp.numExperts : (c.mlp.topK ?? 1);
    mlp = experts * swiglu + d * c.mlp.numExperts;
  }
  const perBlock = d * d + d + 2 * (d * kv + kv) + d * d + 2 * d + mlp;
  return c.numLayers * perBlock + c.patchSize ** 2 * c.channels * d + d + c.numClasses * d + c.numClasses;
}
