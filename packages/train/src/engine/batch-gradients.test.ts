import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { reportAuxiliaryLoss } from "@llmnist/nn-layers";
import { beforeAll, describe, expect, it } from "vitest";
import { batchGradients } from "./batch-gradients.js";
import type { TaskParts, TrainBatch } from "./task.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const batch: TrainBatch = { indices: Uint32Array.of(0), epoch: 0, step: 0, globalStep: 0, offset: 0, batchSize: 1 };

/** loss = (w - 3)^2, with a layer-style auxiliary loss 0.5 * w^2 reported when `withAux`. */
function task(w: tf.Variable, withAux: boolean): TaskParts {
  return {
    parameters: [["w", w]],
    loss: () =>
      tf.tidy(() => {
        if (withAux) reportAuxiliaryLoss("test-layer", tf.mul(0.5, tf.sum(tf.square(w))));
        return tf.sum(tf.square(tf.sub(w, 3))) as tf.Scalar;
      }),
  };
}

describe("batchGradients and auxiliary losses", () => {
  it("adds the losses layers report to the task's loss and gradient, and reports their sum as aux_loss", () => {
    const w = tf.variable(tf.tensor1d([2]));
    const plain = batchGradients(task(w, false), [w], batch);
    expect(plain.loss).toBeCloseTo(1, 6); // (2 - 3)^2
    expect(plain.metrics).toEqual({});
    expect(Array.from(plain.grads[w.name]!.dataSync())).toEqual([-2]); // 2 (w - 3)
    tf.dispose(Object.values(plain.grads));

    const before = tf.memory().numTensors;
    const withAux = batchGradients(task(w, true), [w], batch);
    expect(withAux.loss).toBeCloseTo(1 + 2, 6); // + 0.5 * 2^2
    expect(withAux.metrics.aux_loss).toBeCloseTo(2, 6);
    expect(withAux.grads[w.name]!.dataSync()[0]).toBeCloseTo(-2 + 2, 6); // + w
    tf.dispose(Object.values(withAux.grads));
    expect(tf.memory().numTensors).toBe(before); // nothing of the collection is left behind
    w.dispose();
  });
});
