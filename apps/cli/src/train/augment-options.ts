import { AugmentOptionError, checkAugmentOptions, DEFAULT_AUGMENT, type AugmentOptions } from "@llmnist/mnist-data";
import { UsageError } from "../command.js";

/** The knobs of `llmnist train --augment` (each an `--augment-<name>` flag); unset ones keep DEFAULT_AUGMENT's. */
export interface AugmentKnobs {
  rotation?: number;
  shift?: number;
  scale?: number;
  elastic?: number;
  elasticSigma?: number;
  thicken?: number;
  thin?: number;
  blur?: number;
  gain?: number;
  gamma?: number;
  brightness?: number;
}

type Step = "distort" | "stroke" | "blur" | "contrast";
interface Knob {
  flag: string;
  /** The value's name in the help text. */
  arg: string;
  /** The AugmentOptions field it sets: `${step}.${field}`, e.g. "distort.maxRotationDeg". */
  step: Step;
  field: string;
  help: string;
}

/** Each knob's flag and field, in help order. */
export const AUGMENT_KNOBS: Record<keyof AugmentKnobs, Knob> = {
  rotation: { flag: "--augment-rotation", arg: "DEG", step: "distort", field: "maxRotationDeg", help: "rotation up to ±DEG degrees" },
  shift: { flag: "--augment-shift", arg: "PX", step: "distort", field: "maxShift", help: "shift up to ±PX pixels per axis" },
  scale: { flag: "--augment-scale", arg: "F", step: "distort", field: "maxScale", help: "scale by 1 ± F" },
  elastic: { flag: "--augment-elastic", arg: "ALPHA", step: "distort", field: "elasticAlpha", help: "elastic displacement up to ALPHA pixels, 0 for none" },
  elasticSigma: { flag: "--augment-elastic-sigma", arg: "S", step: "distort", field: "elasticSigma", help: "smoothness of the elastic field, pixels" },
  thicken: { flag: "--augment-thicken", arg: "PX", step: "stroke", field: "maxThicken", help: "strokes up to PX pixels thicker per side" },
  thin: { flag: "--augment-thin", arg: "PX", step: "stroke", field: "maxThin", help: "strokes up to PX pixels thinner per side" },
  blur: { flag: "--augment-blur", arg: "SIGMA", step: "blur", field: "maxSigma", help: "Gaussian blur, sigma up to SIGMA pixels, 0 for none" },
  gain: { flag: "--augment-gain", arg: "G", step: "contrast", field: "maxGain", help: "ink gain in [1, 1 + G] (saturates the strokes)" },
  gamma: { flag: "--augment-gamma", arg: "G", step: "contrast", field: "maxGamma", help: "gamma in [1 / (1 + G), 1 + G]" },
  brightness: { flag: "--augment-brightness", arg: "B", step: "contrast", field: "maxBrightness", help: "offset in [-B, B] (lifts the background)" },
};

/** The help lines of the knobs, with DEFAULT_AUGMENT's values. */
export function augmentKnobsHelp(indent: string, width: number): string {
  return Object.values(AUGMENT_KNOBS)
    .map((k) => {
      const value = (DEFAULT_AUGMENT[k.step] as unknown as Record<string, number> | null)?.[k.field];
      const head = `${indent}${k.flag} ${k.arg}`;
      const sep = head.length <= width - 2 ? " ".repeat(width - head.length) : `\n${" ".repeat(width)}`;
      return `${head}${sep}${k.help} (default ${value})`;
    })
    .join("\n");
}

const knobOfField = (path: string): Knob | undefined => Object.values(AUGMENT_KNOBS).find((k) => `${k.step}.${k.field}` === path);
/** A field's flag for messages ("--augment-rotation"), or the field itself when no flag sets it. */
const flagOf = (path: string): string => knobOfField(path)?.flag ?? `augment ${path}`;

/**
 * The augmentation a run trains with: null for none (false or absent), DEFAULT_AUGMENT for
 * true, DEFAULT_AUGMENT with the given knobs for an object. A value out of range is a
 * UsageError naming the flag.
 */
export function augmentConfig(given: boolean | AugmentKnobs | undefined): AugmentOptions | null {
  if (given === undefined || given === false) return null;
  const options = structuredClone(DEFAULT_AUGMENT) as unknown as Record<Step, Record<string, number>>;
  for (const [name, value] of Object.entries(given === true ? {} : given)) {
    const knob = AUGMENT_KNOBS[name as keyof AugmentKnobs];
    if (knob === undefined) throw new UsageError(`augment: unknown knob "${name}" (known: ${Object.keys(AUGMENT_KNOBS).join(", ")})`);
    if (value !== undefined) options[knob.step][knob.field] = value as number;
  }
  try {
    return checkAugmentOptions(options, "llmnist train");
  } catch (error) {
    if (!(error instanceof AugmentOptionError)) throw error;
    throw new UsageError(`${flagOf(error.field)} must be ${error.expected}, got ${JSON.stringify(error.got) ?? String(error.got)}`);
  }
}

/** "--augment-rotation is 15 now but was 10" for every augmentation difference between a saved run and this one. */
export function augmentDifferences(saved: AugmentOptions | null | undefined, now: AugmentOptions | null | undefined): string[] {
  const a = saved ?? null;
  const b = now ?? null;
  if (a === null || b === null) return a === b ? [] : [`--augment is ${b === null ? "not set" : "set"} now but was ${a === null ? "not set" : "set"}`];
  const show = (v: unknown): string => (v === null ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const diffs: string[] = [];
  if (a.normalize !== b.normalize) diffs.push(`augment normalize is ${b.normalize} now but was ${a.normalize}`);
  for (const step of ["distort", "stroke", "blur", "contrast"] as const) {
    const x = a[step] as Record<string, number> | null;
    const y = b[step] as Record<string, number> | null;
    if (x === null || y === null) {
      if (x !== y) diffs.push(`augment ${step} is ${show(y)} now but was ${show(x)}`);
      continue;
    }
    for (const field of Object.keys({ ...x, ...y })) {
      if (x[field] !== y[field]) diffs.push(`${flagOf(`${step}.${field}`)} is ${show(y[field])} now but was ${show(x[field])}`);
    }
  }
  return diffs;
}

/** One log line: "rotation ±10°, shift ±2 px, ..." */
export function describeAugment(o: AugmentOptions): string {
  const parts: string[] = [];
  if (o.distort) {
    const d = o.distort;
    parts.push(`rotation ±${d.maxRotationDeg}°, shift ±${d.maxShift} px, scale ±${d.maxScale}`);
    const field = d.elasticScale === "field" ? "smooth" : "rough: scaled per pixel";
    parts.push(d.elasticAlpha > 0 ? `elastic ${d.elasticAlpha} px (sigma ${d.elasticSigma}, ${field})` : "no elastic field");
  }
  if (o.stroke) parts.push(`stroke -${o.stroke.maxThin}..+${o.stroke.maxThicken} px`);
  if (o.blur) parts.push(`blur sigma 0..${o.blur.maxSigma}`);
  if (o.normalize) parts.push("peak normalised");
  if (o.contrast) {
    const c = o.contrast;
    parts.push(`gain 1..${1 + c.maxGain}, gamma ${+(1 / (1 + c.maxGamma)).toFixed(3)}..${1 + c.maxGamma}, brightness ±${c.maxBrightness}`);
  }
  return parts.length === 0 ? "none" : parts.join(", ");
}
