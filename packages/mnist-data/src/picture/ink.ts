import { checkGrayImage, type GrayImage } from "./gray-image.js";

/** Ink must differ from the background by at least this much (of full scale) to count as a digit. */
export const MIN_CONTRAST = 0.15;
/** Border pixels that may be ink (a digit touching the edge) rather than paper, when judging the noise. */
const BORDER_INK_SHARE = 0.05;

export interface InkImage {
  width: number;
  height: number;
  /** MNIST polarity: 0 background, 1 full ink. */
  ink: Float32Array;
  /** True when the picture was dark ink on a light background (the usual drawing) and got inverted. */
  inverted: boolean;
  /** Background gray level (median of the border), 0 black .. 1 white. */
  background: number;
  /** Ink at or below this level (the border's own spread) was taken for paper grain and zeroed; 0 for a clean image. */
  noiseLevel: number;
}

/**
 * Turns a picture into MNIST polarity (light digit on black). The background is the median of
 * the border pixels, since a digit seldom covers the edges: a light border means dark ink that
 * must be inverted. Ink is then stretched so the background is 0 and the strongest stroke 1.
 * Paper grain is judged from the border too: ink up to twice the level of 95% of the border
 * pixels is zeroed, so it cannot stretch the bounding box. A clean image (a drawing, an MNIST digit) has
 * a uniform border and keeps every faint anti-aliased pixel, which the model does notice.
 */
export function toInk(image: GrayImage, source = "image"): InkImage {
  checkGrayImage(image, source);
  const { width, height, pixels } = image;
  const border = borderPixels(image);
  const background = median(border);
  const inverted = background > 0.5;
  const toRaw = (v: number): number => (inverted ? 1 - v : v);
  const floor = toRaw(background);
  let peak = -Infinity;
  for (const v of pixels) peak = Math.max(peak, toRaw(v));
  if (peak - floor < MIN_CONTRAST) {
    throw new Error(
      `${source}: no digit found: the image is blank (every pixel is within ${(peak - floor).toFixed(3)} of the ` +
        `background gray ${background.toFixed(3)}; need a contrast of at least ${MIN_CONTRAST})`,
    );
  }
  const stretch = (v: number): number => Math.min(1, Math.max(0, (toRaw(v) - floor) / (peak - floor)));
  // Twice the border's 95th percentile: grain in the middle of the page reaches past the border's.
  const noiseLevel = Math.min(0.5, 2 * quantile(border.map(stretch), 1 - BORDER_INK_SHARE));
  const ink = pixels.map((v) => {
    const s = stretch(v);
    return s <= noiseLevel ? 0 : s;
  });
  return { width, height, ink, inverted, background, noiseLevel };
}

/** The pixels of the outermost rows and columns (each once). */
export function borderPixels({ width, height, pixels }: GrayImage): Float32Array {
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) out.push(pixels[y * width + x]!);
    }
  }
  return Float32Array.from(out);
}

/** The q-quantile (0..1) by the nearest-rank rule. */
export function quantile(values: Float32Array, q: number): number {
  if (values.length === 0) throw new Error("quantile: no values");
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The median (mean of the middle two for an even count). */
export function median(values: Float32Array): number {
  if (values.length === 0) throw new Error("median: no values");
  const sorted = Float32Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
