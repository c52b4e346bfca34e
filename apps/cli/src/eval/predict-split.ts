import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import type { TrainableModel } from "@llmnist/train";
import * as tf from "@tensorflow/tfjs-core";
import { createCountProgress, type ProgressStream } from "../count-progress.js";

/**
 * The model's predicted digit (argmax of the logits) for every example of the split, in
 * batches, with a progress line (null: none). Per-example predictions, unlike a confusion
 * matrix, let the caller break accuracy down by anything it knows about each example.
 */
export async function predictSplit(model: TrainableModel, split: MnistSplit, stream: ProgressStream | null = process.stderr, batchSize = 250): Promise<Int32Array> {
  const predictions = new Int32Array(split.count);
  const progress = stream === null ? null : createCountProgress("evaluating", split.count, stream);
  try {
    for (let start = 0; start < split.count; start += batchSize) {
      const end = Math.min(start + batchSize, split.count);
      const indices = Uint32Array.from({ length: end - start }, (_, k) => start + k);
      const batch = tf.tidy(() => {
        const { images, labels } = makeBatch(split, indices);
        labels.dispose();
        return tf.argMax(model.forward(images, false), 1).dataSync();
      });
      predictions.set(batch, start);
      progress?.update(end);
      await new Promise((resolve) => setImmediate(resolve)); // let Ctrl-C through
    }
  } finally {
    progress?.done();
  }
  return predictions;
}
