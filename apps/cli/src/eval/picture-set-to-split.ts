import { MNIST_PIXELS, toMnistDigit, type MnistSplit } from "@llmnist/mnist-data";
import type { PictureSet } from "./picture-set.js";

/**
 * Each picture brought to MNIST form exactly as `llmnist predict` brings a PNG
 * (`toMnistDigit`: polarity from the border, crop the ink, longer side to 20 px, centre of
 * mass at the centre), as a split a model can be evaluated on. A picture with no digit in it
 * throws, named `${set.source}[i]`.
 */
export function pictureSetToSplit(set: PictureSet, count = set.count): MnistSplit {
  const { width, height } = set;
  const size = width * height;
  const images = new Float32Array(count * MNIST_PIXELS);
  for (let i = 0; i < count; i++) {
    const data = set.images.subarray(i * size, (i + 1) * size);
    images.set(toMnistDigit({ width, height, channels: 1, data }, `${set.source}[${i}]`).pixels, i * MNIST_PIXELS);
  }
  return { name: set.source, count, images, labels: set.labels.subarray(0, count) };
}
