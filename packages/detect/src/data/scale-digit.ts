import { DIGIT_SIZE } from "./split.js";

/**
 * Digit `index` of `images` (28 x 28, row-major) resampled bilinearly to `size x size` pixels:
 * target pixel centres map onto source pixel centres (x_src = (x + 0.5) * 28 / size - 0.5), and
 * pixels outside the source count as 0 (MNIST's border is black anyway). Float32, in [0, 1].
 */
export function scaleDigit(images: Float32Array, index: number, size: number): Float32Array {
  const src = images.subarray(index * DIGIT_SIZE * DIGIT_SIZE, (index + 1) * DIGIT_SIZE * DIGIT_SIZE);
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= DIGIT_SIZE || y >= DIGIT_SIZE ? 0 : src[y * DIGIT_SIZE + x]!);
  const ratio = DIGIT_SIZE / size;
  const out = new Float32Array(size * size); // [size, size]
  for (let ty = 0; ty < size; ty++) {
    const sy = (ty + 0.5) * ratio - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let tx = 0; tx < size; tx++) {
      const sx = (tx + 0.5) * ratio - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[ty * size + tx] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
