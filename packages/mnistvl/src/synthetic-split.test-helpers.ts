import type { MnistSplit } from "@llmnist/mnist-data";

/** `count` deterministic pseudo-images with labels (i + salt) % 10: enough for loss and engine tests. */
export function syntheticSplit(count: number, salt: number): MnistSplit {
  return {
    name: "synthetic",
    count,
    images: Float32Array.from({ length: count * 784 }, (_, i) => ((i * 7919 + salt) % 101) / 100),
    labels: Uint8Array.from({ length: count }, (_, i) => (i + salt) % 10),
  };
}
