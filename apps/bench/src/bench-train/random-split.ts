import { MNIST_NUM_CLASSES, MNIST_PIXELS, type MnistSplit } from "@llmnist/mnist-data";
import { createRng } from "@llmnist/train";

/** `count` random images (uniform pixels in [0, 1)) with random labels: training speed does not depend on the data. */
export function randomSplit(count: number, seed: number): MnistSplit {
  if (!Number.isInteger(count) || count < 1) throw new Error(`randomSplit: count must be a positive integer, got ${count}`);
  const rng = createRng(seed);
  const images = new Float32Array(count * MNIST_PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = rng.next();
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.nextInt(MNIST_NUM_CLASSES);
  return { name: `random[${count}]`, count, images, labels };
}
