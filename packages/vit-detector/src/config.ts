/** Everything that defines a detector. Image size is not part of it: any H x W works. */
export interface VitDetectorConfig {
  /**
   * Side of a square patch, which is also a grid cell of the head (one prediction per patch).
   * Default 8: digits are 28 px images scaled 0.6..2.0 (17..56 px, ink about 10..45 px), so the
   * smallest digit still spans more than one cell and two digits' centres share a cell only
   * for narrow "1"s side by side; a 128 x 128 canvas is 256 tokens (p = 4 would be 1,024 tokens:
   * 4x the linear work and 16x the attention on two CPU cores).
   */
  patchSize: number;
  /** Token width. Default 64, the paper's small ViT. */
  hiddenSize: number;
  /** Pre-norm transformer blocks. Default 6, the paper's small ViT. */
  numLayers: number;
  /** Query heads. Default 4: head_dim 16, so each axis of the 2-D RoPE gets 4 frequencies. */
  numHeads: number;
  /** Key/value heads (grouped-query attention); must divide numHeads. Default 2. */
  numKvHeads: number;
  /** SwiGLU hidden width. Default 128 (2 x hiddenSize, as in the paper). */
  intermediateSize: number;
  /**
   * RoPE base of both axes. Default 100: grids are tens of cells wide, and with theta 100 the
   * slowest of head_dim/4 = 4 frequencies (100^-0.75 ~ 0.03) still turns about one radian
   * across 32 cells; the paper's 10000 would leave it nearly still (0.001 rad per cell).
   */
  ropeTheta: number;
  /** RMSNorm epsilon. Default 1e-6, as in the paper. */
  rmsNormEps: number;
  /** Classes (10 digits). */
  numClasses: number;
  /** Input channels (1: gray). */
  channels: number;
  /**
   * Box size unit in pixels: the head predicts ln(w / boxScale) and ln(h / boxScale). Default
   * 24, about the middle of the digits' ink sizes, so size targets start near 0.
   */
  boxScale: number;
  /**
   * Prior probability of an object in a cell: the objectness bias starts at logit(prior)
   * (RetinaNet's trick), so the many empty cells do not swamp the first steps. Default 0.01.
   */
  objectnessPrior: number;
}

export const VIT_DETECTOR_DEFAULTS: VitDetectorConfig = {
  patchSize: 8,
  hiddenSize: 64,
  numLayers: 6,
  numHeads: 4,
  numKvHeads: 2,
  intermediateSize: 128,
  ropeTheta: 100,
  rmsNormEps: 1e-6,
  numClasses: 10,
  channels: 1,
  boxScale: 24,
  objectnessPrior: 0.01,
};

/** Per cell: objectness logit, class logits, then the box (dx, dy, ln w/s, ln h/s). */
export function outputWidth(c: Pick<VitDetectorConfig, "numClasses">): number {
  return 1 + c.numClasses + 4;
}

/** Defaults filled in and checked. */
export function resolveVitDetectorConfig(config: Partial<VitDetectorConfig> = {}): VitDetectorConfig {
  if (config === null || typeof config !== "object") throw new Error(`VitDetector config: expected an object, got ${String(config)}`);
  const known = new Set(Object.keys(VIT_DETECTOR_DEFAULTS));
  const unknown = Object.keys(config).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`VitDetector config: unknown field(s) ${unknown.join(", ")}; expected ${[...known].join(", ")}`);
  const c = { ...VIT_DETECTOR_DEFAULTS, ...config };
  validateVitDetectorConfig(c);
  return c;
}

export function validateVitDetectorConfig(c: VitDetectorConfig): void {
  const integers = ["patchSize", "hiddenSize", "numLayers", "numHeads", "numKvHeads", "intermediateSize", "numClasses", "channels"] as const;
  for (const field of integers) {
    const value = c[field];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`VitDetector config: ${field} must be a positive integer, got ${String(value)}`);
  }
  for (const field of ["ropeTheta", "rmsNormEps", "boxScale"] as const) {
    const value = c[field];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new Error(`VitDetector config: ${field} must be a positive number, got ${String(value)}`);
  }
  if (!(c.objectnessPrior > 0 && c.objectnessPrior < 1)) throw new Error(`VitDetector config: objectnessPrior must be in (0, 1), got ${String(c.objectnessPrior)}`);
  if (c.hiddenSize % c.numHeads !== 0) throw new Error(`VitDetector config: hiddenSize ${c.hiddenSize} is not divisible by numHeads ${c.numHeads}`);
  const headDim = c.hiddenSize / c.numHeads;
  if (headDim % 4 !== 0) throw new Error(`VitDetector config: head_dim ${headDim} (hiddenSize / numHeads) must be a multiple of 4 for 2-D RoPE (two halves, each rotated in pairs)`);
  if (c.numHeads % c.numKvHeads !== 0) throw new Error(`VitDetector config: numKvHeads ${c.numKvHeads} must divide numHeads ${c.numHeads}`);
}

/** Trainable parameters: patch conv p^2*C*d, per block as in the ViT, final norm d, head d*o + o. */
export function expectedParameterCount(c: VitDetectorConfig): number {
  const d = c.hiddenSize;
  const kv = c.numKvHeads * (d / c.numHeads);
  const perBlock = d * d + d + 2 * (d * kv + kv) + d * d + 2 * d + 3 * d * c.intermediateSize;
  const o = outputWidth(c);
  return c.patchSize ** 2 * c.channels * d + c.numLayers * perBlock + d + d * o + o;
}
