import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { MNIST_PIXELS, takeSubset } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { loadViT } from "@llmnist/vit/node";
import type { Digits } from "./page/protocol.js";

/** The model `llmnist predict` ships and uses by default (apps/cli/src/paths.ts). */
export const SHIPPED_CHECKPOINT = fileURLToPath(new URL("../../cli/assets/default-0.21M-ce-aug.safetensors", import.meta.url));

/** MNIST test images [0, count) from @llmnist/mnist-data (SHA-256 verified). */
export async function testDigits(count: number): Promise<Digits> {
  const subset = takeSubset(await loadMnistSplit("test"), count);
  if (subset.images.length !== count * MNIST_PIXELS) throw new Error(`expected ${count * MNIST_PIXELS} pixels, got ${subset.images.length}`);
  return { images: Array.from(subset.images), labels: Array.from(subset.labels) };
}

/** The checkpoint's logits [count, 10] in Node, on tfjs's plain JavaScript backend. */
export async function nodeLogits(checkpoint: string, digits: Digits): Promise<number[][]> {
  if (!(await tf.setBackend("cpu"))) throw new Error("tf.setBackend(\"cpu\") failed in Node");
  const model = await loadViT(checkpoint);
  try {
    const logits = tf.tidy(() => model.forward(tf.tensor4d(digits.images, [digits.labels.length, 28, 28, 1]))); // [B, 10]
    const values = (await logits.array()) as number[][];
    logits.dispose();
    return values;
  } finally {
    model.disposeWeights();
  }
}

/** max |a - b| over two equally shaped matrices. */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: ${a.length} rows against ${b.length}`);
  let worst = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.length !== other.length) throw new Error(`maxAbsDiff: row ${i} has ${row.length} values against ${other.length}`);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - other[j]!))));
  });
  return worst;
}
