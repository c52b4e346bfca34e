import { createRng, deriveSeed } from "@llmnist/random";
import type { SeededRandom } from "./random.js";
import type { DigitSplit } from "./split.js";

export const random: SeededRandom = { createRng, deriveSeed };
export { createRng, deriveSeed };

/**
 * `count` 28 x 28 stand-ins for digits: image i is a block of full intensity whose rim ramps down
 * over 3 pixels (0.75, 0.5, 0.25, 0), at a size and place that vary with i; label = (i + salt) % 10.
 */
export function blockSplit(count: number, salt = 0, name = "blocks"): DigitSplit {
  const images = new Float32Array(count * 784); // [count, 28, 28]
  for (let i = 0; i < count; i++) {
    const [x1, y1] = [4 + (i % 5), 3 + (i % 7)];
    const [x2, y2] = [x1 + 8 + (i % 9), y1 + 10 + (i % 8)];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        // Chebyshev distance outside the block: 0 inside.
        const d = Math.max(x1 - x, x - (x2 - 1), y1 - y, y - (y2 - 1), 0);
        images[i * 784 + y * 28 + x] = Math.max(0, 1 - d * 0.25);
      }
    }
  }
  return { name, count, images, labels: Uint8Array.from({ length: count }, (_, i) => (i + salt) % 10) };
}
