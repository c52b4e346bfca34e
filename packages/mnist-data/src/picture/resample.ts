/** Source pixels and weights that make one output pixel along one axis. */
interface Tap {
  start: number;
  weights: number[];
}

/**
 * Per-output-pixel taps along one axis. Shrinking averages the exact source interval each
 * output pixel covers (area averaging, so thin strokes fade instead of vanishing, as in
 * MNIST's anti-aliased normalisation); enlarging interpolates linearly between pixel centres.
 */
function axisTaps(inSize: number, outSize: number): Tap[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    if (scale >= 1) {
      const from = o * scale;
      const to = (o + 1) * scale;
      const start = Math.floor(from);
      const end = Math.min(inSize, Math.ceil(to - 1e-9));
      const weights: number[] = [];
      for (let x = start; x < end; x++) weights.push((Math.min(to, x + 1) - Math.max(from, x)) / scale);
      return { start, weights };
    }
    const centre = Math.min(inSize - 1, Math.max(0, (o + 0.5) * scale - 0.5));
    const start = Math.min(Math.floor(centre), inSize - 1);
    const t = centre - start;
    return start + 1 < inSize ? { start, weights: [1 - t, t] } : { start, weights: [1] };
  });
}

/** Resizes a row-major single-channel image (separable: rows first, then columns). */
export function resample(src: Float32Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  if (src.length !== width * height) throw new Error(`resample: expected ${width}x${height} pixels, got ${src.length}`);
  for (const [name, v] of [["outWidth", outWidth], ["outHeight", outHeight]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`resample: ${name} must be a positive integer, got ${v}`);
  }
  const xTaps = axisTaps(width, outWidth);
  const yTaps = axisTaps(height, outHeight);
  const rows = new Float32Array(outWidth * height); // [height, outWidth]
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < outWidth; o++) {
      const { start, weights } = xTaps[o]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * src[y * width + start + k]!;
      rows[y * outWidth + o] = sum;
    }
  }
  const out = new Float32Array(outWidth * outHeight); // [outHeight, outWidth]
  for (let o = 0; o < outHeight; o++) {
    const { start, weights } = yTaps[o]!;
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * rows[(start + k) * outWidth + x]!;
      out[o * outWidth + x] = sum;
    }
  }
  return out;
}
