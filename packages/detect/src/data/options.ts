import { CanvasOptionError } from "./option-error.js";

/** Canvas sides allowed, in pixels. */
export const CANVAS_MIN_SIZE = 16;
export const CANVAS_MAX_SIZE = 4096;
/** Most digits one canvas may ask for. */
export const MAX_DIGITS_LIMIT = 1000;

/** "light-on-dark": MNIST-style light ink on black; "dark-on-light": dark ink on white paper; "mixed": either, 50/50 per canvas. */
export type Polarity = "light-on-dark" | "dark-on-light" | "mixed";
export const POLARITIES: readonly Polarity[] = ["light-on-dark", "dark-on-light", "mixed"];

/** How canvases look, beyond their size. */
export interface CanvasStyle {
  /** Fewest digits a canvas asks for (default 1; 0 allows empty canvases). */
  minDigits?: number;
  /** Most digits a canvas asks for (default 4); the count is uniform in [minDigits, maxDigits]. */
  maxDigits?: number;
  /** [min, max] factor on the 28 px digit image, drawn uniformly per digit (default [0.6, 2]). */
  scale?: readonly [number, number];
  /** Default "mixed". */
  polarity?: Polarity;
  /** Standard deviation of Gaussian pixel noise added to the finished canvas, in [0, 1] (default 0). */
  noise?: number;
  /** Strokes and blobs that are not digits, per canvas (default 0). They keep clear of the digits' boxes. */
  clutter?: number;
  /** Least free pixels between two digits' boxes, and between a box and clutter (default 2). */
  gap?: number;
  /** Random positions tried per digit before it is left out (default 100). */
  placementTries?: number;
}

export interface CanvasOptions extends CanvasStyle {
  /** Integer in [16, 4096]. */
  width: number;
  /** Integer in [16, 4096]. */
  height: number;
}

/** Every option resolved and checked. */
export interface ResolvedStyle {
  minDigits: number;
  maxDigits: number;
  scale: readonly [number, number];
  polarity: Polarity;
  noise: number;
  clutter: number;
  gap: number;
  placementTries: number;
}

export interface ResolvedCanvasOptions extends ResolvedStyle {
  width: number;
  height: number;
}

type Fail = (field: string, expected: string, got: unknown) => never;

function failer(fn: string): Fail {
  return (field, expected, got) => {
    throw new CanvasOptionError(fn, field, expected, got);
  };
}

function integerIn(fail: Fail, field: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < lo || value > hi) fail(field, `an integer in [${lo}, ${hi}]`, value);
  return value as number;
}

/** A canvas side: an integer in [16, 4096]. */
export function checkSide(fn: string, field: string, value: unknown): number {
  return integerIn(failer(fn), field, value, CANVAS_MIN_SIZE, CANVAS_MAX_SIZE);
}

/** The style options with their defaults, checked; errors name `fn` and the option. */
export function resolveStyle(fn: string, style: CanvasStyle): ResolvedStyle {
  const fail = failer(fn);
  const minDigits = integerIn(fail, "minDigits", style.minDigits ?? 1, 0, MAX_DIGITS_LIMIT);
  const maxDigits = integerIn(fail, "maxDigits", style.maxDigits ?? Math.max(4, minDigits), 0, MAX_DIGITS_LIMIT);
  if (maxDigits < minDigits) fail("maxDigits", `an integer >= minDigits (${minDigits})`, maxDigits);
  const scale = style.scale ?? [0.6, 2];
  const scaleOk = Array.isArray(scale) && scale.length === 2 && scale.every((s) => typeof s === "number" && Number.isFinite(s) && s >= 0.25);
  if (!scaleOk) fail("scale", "[min, max], two finite numbers >= 0.25", scale);
  if (scale[1] < scale[0]) fail("scale", "[min, max] with min <= max", scale);
  const polarity = style.polarity ?? "mixed";
  if (!POLARITIES.includes(polarity)) fail("polarity", POLARITIES.map((p) => JSON.stringify(p)).join(" | "), polarity);
  const noise = style.noise ?? 0;
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0 || noise > 1) fail("noise", "a number in [0, 1]", noise);
  return {
    minDigits,
    maxDigits,
    scale: [scale[0], scale[1]],
    polarity,
    noise,
    clutter: integerIn(fail, "clutter", style.clutter ?? 0, 0, 1000),
    gap: integerIn(fail, "gap", style.gap ?? 2, 0, 256),
    placementTries: integerIn(fail, "placementTries", style.placementTries ?? 100, 1, 100_000),
  };
}

/** `options` with defaults, checked; errors name `fn` and the option. */
export function resolveCanvasOptions(fn: string, options: CanvasOptions): ResolvedCanvasOptions {
  if (options === null || typeof options !== "object") failer(fn)("options", "an object { width, height, ... }", options);
  const width = checkSide(fn, "width", options.width);
  const height = checkSide(fn, "height", options.height);
  return { width, height, ...resolveStyle(fn, options) };
}
