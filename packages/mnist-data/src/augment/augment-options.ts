import type { BlurOptions } from "./blur.js";
import type { ContrastOptions } from "./contrast.js";
import type { DistortOptions } from "./distort.js";
import type { StrokeOptions } from "./stroke.js";

/**
 * What augmentImage does, in this order (a step that is null is skipped and draws nothing):
 * distort (affine + elastic), stroke width, blur, normalise the peak to 1, contrast. Every
 * result is clamped to [0, 1].
 */
export interface AugmentOptions {
  /** Rotation, scale, shift and an elastic field (distortImage). */
  distort: DistortOptions | null;
  /** Thicker or thinner strokes (changeStrokeWidth). */
  stroke: StrokeOptions | null;
  /** A small Gaussian blur (blurImage). */
  blur: BlurOptions | null;
  /**
   * Divide by the brightest pixel so it is 1, as toMnistImage does to every drawn picture (a
   * blurred or thinned stroke would otherwise be fainter than anything a model sees at test time).
   */
  normalize: boolean;
  /** Gain, gamma and brightness of the ink (adjustContrast). */
  contrast: ContrastOptions | null;
}

/**
 * The recipe `llmnist train --augment` uses, chosen before any training (not tuned):
 * - distort: MnistVL small preset's ranges (rotation ±10°, shift ±2 px, scale ±10%, elastic
 *   field up to 3 px with sigma 4), milder than DEFAULT_DISTORTION, which cost MnistVL
 *   accuracy; but a smooth elastic field (elasticScale "field"), not MnistVL's rough one;
 * - stroke: -0.5 to +1 px per side (MNIST's strokes are 2-3 px: a full pixel of erosion would
 *   erase the thin ones, one of dilation makes a broad pen);
 * - blur: sigma 0 to 0.5 px (a soft pen or a downscaled photo);
 * - normalize: on (the peak is 1 again, as at test time);
 * - contrast: gain 1 to 1.5 (saturated, hard-edged ink like a canvas stroke), gamma 1/1.5 to
 *   1.5, brightness 0 (toMnistImage zeroes the background, so a lifted one is never seen).
 */
export const DEFAULT_AUGMENT: AugmentOptions = {
  distort: { maxShift: 2, maxRotationDeg: 10, maxScale: 0.1, elasticAlpha: 3, elasticSigma: 4, elasticScale: "field" },
  stroke: { maxThicken: 1, maxThin: 0.5 },
  blur: { maxSigma: 0.5 },
  normalize: true,
  contrast: { maxGain: 0.5, maxGamma: 0.5, maxBrightness: 0 },
};

/** A bad augmentation option: `field` (e.g. "stroke.maxThicken") must be `expected`, was `got`. */
export class AugmentOptionError extends Error {
  constructor(
    readonly where: string,
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${where}: ${field} must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
    this.name = "AugmentOptionError";
  }
}

/** [min, max] and whether min itself is allowed, per numeric field, in canonical order. */
type Ranges<T> = { [K in keyof T]-?: [number, number, "closed" | "open-min"] };
const DISTORT: Ranges<Omit<DistortOptions, "elasticScale">> = {
  maxShift: [0, 14, "closed"],
  maxRotationDeg: [0, 180, "closed"],
  maxScale: [0, 0.9, "closed"],
  elasticAlpha: [0, 14, "closed"],
  elasticSigma: [0, 10, "open-min"],
};
const STROKE: Ranges<StrokeOptions> = { maxThicken: [0, 3, "closed"], maxThin: [0, 3, "closed"] };
const BLUR: Ranges<BlurOptions> = { maxSigma: [0, 3, "closed"] };
const CONTRAST: Ranges<ContrastOptions> = { maxGain: [0, 10, "closed"], maxGamma: [0, 10, "closed"], maxBrightness: [0, 1, "closed"] };
const STEPS = ["distort", "stroke", "blur", "normalize", "contrast"] as const;

/** The numeric fields of a step, checked against `ranges`; `others` are fields checked by the caller. */
function checkStep<T extends object>(where: string, step: string, value: unknown, ranges: Ranges<T>, others: string[] = []): T | null {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw new AugmentOptionError(where, step, "an object or null", value);
  const record = value as Record<string, unknown>;
  const fields = [...Object.keys(ranges), ...others];
  for (const key of Object.keys(record)) {
    if (!fields.includes(key)) throw new AugmentOptionError(where, `${step}.${key}`, `absent (the fields are ${fields.join(", ")})`, record[key]);
  }
  const out: Record<string, number> = {};
  for (const [key, [min, max, kind]] of Object.entries(ranges) as Array<[string, [number, number, string]]>) {
    const v = record[key];
    const ok = typeof v === "number" && Number.isFinite(v) && (kind === "open-min" ? v > min : v >= min) && v <= max;
    if (!ok) throw new AugmentOptionError(where, `${step}.${key}`, `a number in ${kind === "open-min" ? "(" : "["}${min}, ${max}]`, v);
    out[key] = v as number;
  }
  return out as T;
}

/**
 * Checks every field (a typo'd or extra one included) and returns a copy in canonical field
 * order, so JSON.stringify of two equal option sets is the same string.
 */
export function checkAugmentOptions(o: unknown, where = "augment"): AugmentOptions {
  if (typeof o !== "object" || o === null || Array.isArray(o)) throw new AugmentOptionError(where, "options", "an object", o);
  const record = o as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(STEPS as readonly string[]).includes(key)) throw new AugmentOptionError(where, key, `absent (the steps are ${STEPS.join(", ")})`, record[key]);
  }
  for (const key of STEPS) {
    if (!(key in record)) throw new AugmentOptionError(where, key, key === "normalize" ? "true or false" : "an object or null", undefined);
  }
  if (typeof record.normalize !== "boolean") throw new AugmentOptionError(where, "normalize", "true or false", record.normalize);
  return {
    distort: checkDistort(where, record.distort),
    stroke: checkStep(where, "stroke", record.stroke, STROKE),
    blur: checkStep(where, "blur", record.blur, BLUR),
    normalize: record.normalize,
    contrast: checkStep(where, "contrast", record.contrast, CONTRAST),
  };
}

/** distort's numbers, and elasticScale filled in ("pixel" when absent, as distortImage reads it). */
function checkDistort(where: string, value: unknown): DistortOptions | null {
  const numbers = checkStep(where, "distort", value, DISTORT, ["elasticScale"]);
  if (numbers === null) return null;
  const scale = (value as { elasticScale?: unknown }).elasticScale ?? "pixel";
  if (scale !== "pixel" && scale !== "field") throw new AugmentOptionError(where, "distort.elasticScale", '"pixel" or "field"', scale);
  return { ...numbers, elasticScale: scale };
}
