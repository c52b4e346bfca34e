import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers"; // registers the gradients
import { describe, expect, it } from "vitest";
import { collectAuxiliaryLosses, collectingAuxiliaryLosses, reportAuxiliaryLoss, sumAuxiliaryLosses } from "./auxiliary-losses.js";
import { MoEMLP } from "./moe-mlp.js";

/** A stand-in layer: computes `w * x` and, inside tidy as layers do, reports `sum(x^2) * w`. */
function fakeLayer(w: tf.Variable, name: string) {
  return (x: tf.Tensor) =>
    tf.tidy(() => {
      reportAuxiliaryLoss(name, tf.mul(tf.sum(tf.square(x)), w));
      return tf.mul(x, w);
    });
}

describe("collectAuxiliaryLosses", () => {
  it("collects what layers report while fn runs, in order, kept past the layers' tidy", () => {
    const w = tf.variable(tf.scalar(2));
    const x = tf.tensor1d([1, 2]);
    const { result, auxiliary, sources } = collectAuxiliaryLosses(() => fakeLayer(w, "b")(fakeLayer(w, "a")(x)));
    expect(sources).toEqual(["a", "b"]);
    expect(auxiliary.map((t) => t.dataSync()[0])).toEqual([5 * 2, 20 * 2]); // sum(x^2) w, then of (w x)
    expect(Array.from(result.dataSync())).toEqual([4, 8]);
    expect(collectingAuxiliaryLosses()).toBe(false);
    tf.dispose([result, ...auxiliary, w, x]);
  });

  it("ignores reports when no collection is active (no tensor kept)", () => {
    const w = tf.variable(tf.scalar(1));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      fakeLayer(w, "a")(tf.ones([3]));
    });
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it("nests: a report goes to the innermost collection only", () => {
    const outer = collectAuxiliaryLosses(() => {
      reportAuxiliaryLoss("outer", tf.scalar(1), { load: 0.5 });
      const inner = collectAuxiliaryLosses(() => reportAuxiliaryLoss("inner", tf.scalar(2)));
      expect(inner.sources).toEqual(["inner"]);
      tf.dispose(inner.auxiliary);
      reportAuxiliaryLoss("outer again", tf.scalar(3));
    });
    expect(outer.sources).toEqual(["outer", "outer again"]);
    expect(outer.metrics).toEqual([{ load: 0.5 }, {}]);
    tf.dispose(outer.auxiliary);
  });

  it("frees the collected losses and closes the collection when fn throws", () => {
    const before = tf.memory().numTensors;
    expect(() =>
      collectAuxiliaryLosses(() => {
        tf.tidy(() => reportAuxiliaryLoss("a", tf.scalar(1)));
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(collectingAuxiliaryLosses()).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects a loss that is not a scalar, naming the reporter", () => {
    expect(() => collectAuxiliaryLosses(() => reportAuxiliaryLoss("layers.0.mlp", tf.ones([2])))).toThrow(
      "reportAuxiliaryLoss (layers.0.mlp): loss must be a scalar, got shape [2]",
    );
  });

  it("inside tf.variableGrads, as the engine uses it: task + aux gradients, nothing leaked", () => {
    const w = tf.variable(tf.scalar(3));
    const x = tf.tensor1d([1, -2]);
    const layer = fakeLayer(w, "a");
    const before = tf.memory().numTensors;
    let auxValue = 0;
    // The engine's step: run the task loss under the collector, add the sum of what was reported.
    const { value, grads } = tf.variableGrads(() => {
      const { result, auxiliary } = collectAuxiliaryLosses(() => tf.sum(layer(x)) as tf.Scalar); // task loss = w * sum(x)
      const aux = sumAuxiliaryLosses(auxiliary); // w * sum(x^2), frees the collected tensors
      auxValue = aux!.dataSync()[0]!;
      return tf.add(result, aux!) as tf.Scalar;
    }, [w]);
    expect(auxValue).toBe(15);
    expect(value.dataSync()[0]).toBe(3 * -1 + 15);
    expect(grads[w.name]!.dataSync()[0]).toBe(-1 + 5); // d/dw (w sum(x) + w sum(x^2))
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(sumAuxiliaryLosses([])).toBeNull();
    tf.dispose([w, x]);
  });

  it("collects one load-balancing loss per MoEMLP call, without leaks in a training step", () => {
    const layers = [0, 1].map((i) => new MoEMLP({ numExperts: 4, topK: 1, intermediateSize: 8, seed: i, name: `layers.${i}.mlp` }));
    layers.forEach((l) => l.build([null, 3, 8]));
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 1);
    const vars = layers.flatMap((l) => l.trainableWeights.map((v) => v.read() as tf.Variable));
    const step = () => {
      let sources: string[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const collected = collectAuxiliaryLosses(() => tf.mean(layers.reduce((h, l) => l.apply(h) as tf.Tensor, x)) as tf.Scalar);
        sources = collected.sources;
        return tf.add(collected.result, sumAuxiliaryLosses(collected.auxiliary)!) as tf.Scalar;
      }, vars);
      tf.dispose([value, ...Object.values(grads)]);
      return sources;
    };
    expect(step()).toEqual(["layers.0.mlp", "layers.1.mlp"]);
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
