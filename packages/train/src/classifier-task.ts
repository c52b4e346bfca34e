import * as tf from "@tensorflow/tfjs-core";
import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import { buildReplica, type ReplicaSpec } from "./data-parallel/factory.js";
import type { TaskParts } from "./engine/task.js";
import type { LossFn, TrainableModel } from "./types.js";

/**
 * A classifier as engine TaskParts: the loss of a batch of training indices, and infer = the
 * argmax class of test images at the given indices.
 */
export function classifierParts(model: TrainableModel, loss: LossFn, train: MnistSplit, test: MnistSplit, classes = 10): TaskParts {
  return {
    parameters: model.namedParameters(),
    loss: (batch) => {
      const { images, labels } = makeBatch(train, batch.indices);
      return loss(model.forward(images, true), labels, batch);
    },
    infer: (indices) =>
      tf.tidy(() => {
        const { images } = makeBatch(test, indices); // labels are read from test.labels by the caller
        const logits = model.forward(images, false);
        if (logits.rank !== 2 || logits.shape[0] !== indices.length || logits.shape[1] !== classes) {
          throw new Error(`trainClassifier: model.forward returned logits of shape [${logits.shape}], expected [${indices.length}, ${classes}]`);
        }
        return Float32Array.from(tf.argMax(logits, 1).dataSync());
      }),
  };
}

/**
 * A data-parallel replica's classifier parts: builds the model and loss a ReplicaSpec names.
 * The splits arrive by structured cloning (shared, not copied, when backed by a SharedArrayBuffer).
 */
export async function classifierReplica(spec: ReplicaSpec, train: MnistSplit, test: MnistSplit, classes = 10): Promise<TaskParts> {
  const { model, loss } = await buildReplica(spec);
  return classifierParts(model, loss, train, test, classes);
}
