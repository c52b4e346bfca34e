import { drawCanvas, type Canvas } from "./canvas.js";
import { CanvasOptionError } from "./option-error.js";
import { checkSide, resolveStyle, type CanvasStyle, type ResolvedStyle } from "./options.js";
import { createRng, deriveSeed } from "@llmnist/random";
import type { SeededRandom } from "./random.js";

/** The project's one seed derivation and generator (the default of every set). */
const PROJECT_RANDOM: SeededRandom = { createRng, deriveSeed };
import { checkSplit, type DigitSplit } from "./split.js";

export interface CanvasSize {
  width: number;
  height: number;
}

export interface CanvasSetOptions extends CanvasStyle {
  /** Canvases in the set (a non-negative integer). */
  count: number;
  /** Any safe integer; canvas k draws from `createRng(deriveSeed(seed, k))`. */
  seed: number;
  /** Size of every canvas (with `height`), or use `sizes`. */
  width?: number;
  height?: number;
  /** Sizes taken in turn: canvas k is `sizes[k % sizes.length]`. */
  sizes?: readonly CanvasSize[];
}

/** A set's options resolved and checked. */
export interface ResolvedCanvasSet extends ResolvedStyle {
  count: number;
  seed: number;
  sizes: CanvasSize[];
}

/** The set's options with defaults, checked (errors name `fn` and the option, e.g. `sizes[1].width`). */
export function checkCanvasSetOptions(options: CanvasSetOptions, fn = "makeCanvasSet"): ResolvedCanvasSet {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new CanvasOptionError(fn, field, expected, got);
  };
  if (options === null || typeof options !== "object") fail("options", "an object { count, seed, width, height | sizes, ... }", options);
  const { count, seed, width, height, sizes } = options;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) fail("count", "a non-negative integer", count);
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) fail("seed", "a safe integer", seed);
  let resolved: CanvasSize[];
  if (sizes !== undefined) {
    if (width !== undefined || height !== undefined) fail("sizes", "either sizes or width and height, not both", sizes);
    if (!Array.isArray(sizes) || sizes.length === 0) fail("sizes", "a non-empty array of { width, height }", sizes);
    resolved = sizes.map((s, i) => ({ width: checkSide(fn, `sizes[${i}].width`, s?.width), height: checkSide(fn, `sizes[${i}].height`, s?.height) }));
  } else {
    resolved = [{ width: checkSide(fn, "width", width), height: checkSide(fn, "height", height) }];
  }
  return { count, seed, sizes: resolved, ...resolveStyle(fn, options) };
}

/** A set made lazily: canvases one at a time, each by its index. */
export interface CanvasSet {
  /** The options, resolved and checked. */
  readonly options: ResolvedCanvasSet;
  /**
   * Canvas `index` (0 <= index < count), made alone: it draws from
   * `random.createRng(random.deriveSeed(seed, index))`, so it is the same whichever canvases
   * were made before it, or whether any were.
   */
  canvas(index: number): Canvas;
  /**
   * Canvas `index` drawn at `size` instead of its own (same random stream, so the same digits
   * are asked for; where they land depends on the size). For training at one size per batch.
   */
  canvasSized(index: number, size: CanvasSize): Canvas;
}

/** The set `options` describes, checked once, for sets too big to hold in memory. */
export function createCanvasSet(split: DigitSplit, options: CanvasSetOptions, random: SeededRandom = PROJECT_RANDOM, fn = "createCanvasSet"): CanvasSet {
  const set = checkCanvasSetOptions(options, fn);
  checkSplit(fn, split);
  if (random === null || typeof random !== "object" || typeof random.createRng !== "function" || typeof random.deriveSeed !== "function") {
    throw new CanvasOptionError(fn, "random", "{ createRng, deriveSeed } of @llmnist/random", random);
  }
  const canvasSized = (index: number, size: CanvasSize): Canvas => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= set.count) throw new CanvasOptionError(fn, "index", `an integer in [0, ${set.count - 1}]`, index);
    const width = checkSide(fn, "size.width", size?.width);
    const height = checkSide(fn, "size.height", size?.height);
    return drawCanvas(split, { ...set, width, height }, random.createRng(random.deriveSeed(set.seed, index)));
  };
  return {
    options: set,
    canvas: (index) => canvasSized(index, set.sizes[Number.isSafeInteger(index) ? index % set.sizes.length : 0]!),
    canvasSized,
  };
}

/**
 * `count` canvases of digits from `split` — one split: make training canvases from the training
 * split and test canvases from the test split, so no digit image is in both. Same split, options
 * and seed: the same canvases, on every platform.
 */
export function makeCanvasSet(split: DigitSplit, options: CanvasSetOptions, random: SeededRandom = PROJECT_RANDOM): Canvas[] {
  const set = createCanvasSet(split, options, random, "makeCanvasSet");
  return Array.from({ length: set.options.count }, (_, k) => set.canvas(k));
}
