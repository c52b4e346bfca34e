import { drawClutter } from "./clutter.js";
import { findFreeSpot } from "./free-spot.js";
import { CanvasOptionError } from "./option-error.js";
import { INK_THRESHOLD, inkBox, type PixelBox } from "./ink-box.js";
import { resolveCanvasOptions, type CanvasOptions, type ResolvedCanvasOptions } from "./options.js";
import type { CanvasRng } from "./random.js";
import { scaleDigit } from "./scale-digit.js";
import { checkSplit, DIGIT_SIZE, type DigitSplit } from "./split.js";

/** One digit on a canvas. */
export interface CanvasObject {
  /** Tight box around the digit's ink (placed, scaled pixels >= 25% intensity): `[x1, y1, x2, y2]`, x2 and y2 exclusive. */
  box: PixelBox;
  /** Its label, 0..9. */
  digit: number;
  /** Its index in the split the canvas was made from. */
  sourceIndex: number;
  /** Side of the placed digit image over 28 (the drawn scale, rounded to whole pixels). */
  scale: number;
}

/** A synthetic canvas of digits. */
export interface Canvas {
  width: number;
  height: number;
  /** Gray, row-major `[height, width]`, in [0, 1] (0 black, 1 white). */
  pixels: Float32Array;
  /** This canvas's polarity ("mixed" resolved). */
  polarity: "light-on-dark" | "dark-on-light";
  /** The digits placed, in placement order. */
  objects: CanvasObject[];
  /** Digits drawn for this canvas that found no free place (or had no ink): it asked for objects.length + unplaced. */
  unplaced: number;
  /** Clutter marks drawn (fewer than asked when they found no place clear of the digits). */
  clutter: number;
}

/** The smallest float32 above 0.75: a dark-on-light pixel that must not read as ink. */
const ABOVE_PAPER_THRESHOLD = 0.75 + 2 ** -24;

/**
 * One canvas of digits from `split`, drawn from `rng` (e.g. `createRng(seed)` of
 * `@llmnist/random`). See `makeCanvasSet` for sets; the README's "Synthetic canvases" for the
 * conventions.
 */
export function makeCanvas(split: DigitSplit, options: CanvasOptions, rng: CanvasRng): Canvas {
  checkSplit("makeCanvas", split);
  if (rng === null || typeof rng !== "object" || typeof rng.next !== "function" || typeof rng.nextInt !== "function" || typeof rng.normal !== "function") {
    throw new CanvasOptionError("makeCanvas", "rng", "a generator { next, nextInt, normal }, e.g. createRng(seed) of @llmnist/random", rng);
  }
  return drawCanvas(split, resolveCanvasOptions("makeCanvas", options), rng);
}

/** makeCanvas on options already checked. */
export function drawCanvas(split: DigitSplit, o: ResolvedCanvasOptions, rng: CanvasRng): Canvas {
  const { width, height } = o;
  // Always drawn, so fixing the polarity leaves the rest of the canvas as it was.
  const flip = rng.next();
  const polarity = o.polarity === "mixed" ? (flip < 0.5 ? "light-on-dark" : "dark-on-light") : o.polarity;
  const wanted = o.minDigits + rng.nextInt(o.maxDigits - o.minDigits + 1);
  const ink = new Float32Array(width * height); // [height, width], ink intensity
  const taken: PixelBox[] = [];
  const objects: CanvasObject[] = [];
  let unplaced = 0;
  for (let i = 0; i < wanted; i++) {
    const sourceIndex = rng.nextInt(split.count);
    const size = sideFor(uniform(rng, o.scale), o);
    const patch = scaleDigit(split.images, sourceIndex, size);
    const own = inkBox(patch, size, size);
    const spot = own && findFreeSpot(rng, own[2] - own[0], own[3] - own[1], width, height, taken, o.gap, o.placementTries);
    if (!own || !spot) {
      unplaced++;
      continue;
    }
    paste(ink, width, height, patch, size, spot[0] - own[0], spot[1] - own[1]);
    taken.push(spot);
    objects.push({ box: spot, digit: split.labels[sourceIndex]!, sourceIndex, scale: size / DIGIT_SIZE });
  }
  let clutter = 0;
  for (let c = 0; c < o.clutter; c++) {
    const size = Math.max(4, sideFor(uniform(rng, o.scale) * uniform(rng, [0.4, 0.9]), o));
    const mark = drawClutter(rng, size);
    const spot = findFreeSpot(rng, size, size, width, height, taken, o.gap, o.placementTries);
    if (!spot) continue;
    paste(ink, width, height, mark.pixels, size, spot[0], spot[1]);
    clutter++;
  }
  return { width, height, pixels: toPixels(ink, polarity, o.noise, rng), polarity, objects, unplaced, clutter };
}

const uniform = (rng: CanvasRng, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) * rng.next();

/** Whole-pixel side of a 28 px image scaled by `scale`, at most the canvas's shorter side. */
function sideFor(scale: number, o: ResolvedCanvasOptions): number {
  return Math.min(Math.max(1, Math.round(DIGIT_SIZE * scale)), o.width, o.height);
}

/** Composites `patch` (size x size) at (ox, oy) by maximum ink, clipped to the canvas. */
function paste(ink: Float32Array, width: number, height: number, patch: Float32Array, size: number, ox: number, oy: number): void {
  for (let py = Math.max(0, -oy); py < size && oy + py < height; py++) {
    const row = (oy + py) * width + ox;
    for (let px = Math.max(0, -ox); px < size && ox + px < width; px++) {
      const v = patch[py * size + px]!;
      if (v > ink[row + px]!) ink[row + px] = v;
    }
  }
}

/** Ink to gray pixels in the canvas's polarity, plus Gaussian noise (clamped to [0, 1]). */
function toPixels(ink: Float32Array, polarity: Canvas["polarity"], noise: number, rng: CanvasRng): Float32Array {
  const out = new Float32Array(ink.length);
  const dark = polarity === "dark-on-light";
  for (let i = 0; i < ink.length; i++) {
    const a = ink[i]!;
    let p = dark ? 1 - a : a;
    if (noise > 0) p = Math.min(1, Math.max(0, p + noise * rng.normal()));
    else if (dark && a < INK_THRESHOLD && Math.fround(p) <= 1 - INK_THRESHOLD) {
      // 1 - a rounds to 0.75 in float32 for a just under 0.25; keep "ink = 1 - pixel >= 0.25" exact.
      p = ABOVE_PAPER_THRESHOLD;
    }
    out[i] = p;
  }
  return out;
}
