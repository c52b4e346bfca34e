import { MNIST_PIXELS, type MnistSplit } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { encodeGrayPng } from "./gray-png.js";
import type { BenchImage } from "./requests.js";

/** Test image `k` as a 28x28 gray PNG, light digit on black as MNIST stores it (the IDX bytes again). */
export function mnistImagePng(split: Pick<MnistSplit, "images">, k: number): Buffer {
  const gray = new Uint8Array(MNIST_PIXELS);
  for (let j = 0; j < MNIST_PIXELS; j++) gray[j] = Math.round(255 * split.images[k * MNIST_PIXELS + j]!);
  return encodeGrayPng(gray, 28, 28);
}

/** The first `count` MNIST test images (at most the 10,000 there are) with their labels. */
export async function loadBenchImages(count: number, dataDir: string | undefined): Promise<BenchImage[]> {
  const test = await loadMnistSplit("test", dataDir === undefined ? {} : { dir: dataDir });
  return Array.from({ length: Math.min(count, test.count) }, (_, k) => ({ label: test.labels[k]!, png: mnistImagePng(test, k) }));
}
