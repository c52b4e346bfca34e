// Plain JS on purpose: replica threads import it directly (Node cannot load TypeScript).
// Linear regression y = x . w_true on seeded data, as engine TaskParts, with a metric.
import * as tf from "@tensorflow/tfjs-core";

export const FEATURES = 8;

/** `count` examples: x uniform in [-1, 1), y = x . [1, -2, 3, ...] + 0.5. */
export function regressionData(count) {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const x = new Float32Array(count * FEATURES).map(() => rand());
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let v = 0.5;
    for (let f = 0; f < FEATURES; f++) v += x[i * FEATURES + f] * (f % 2 === 0 ? f + 1 : -(f + 1));
    y[i] = v;
  }
  return { x, y, count };
}

/** TaskParts: mean squared error, metric mean absolute error; infer = predictions. */
export function regressionParts(data, seed = 1) {
  const w = tf.variable(tf.randomNormal([FEATURES, 1], 0, 0.1, "float32", seed), true, `w${seed}_${Math.random()}`);
  const b = tf.variable(tf.zeros([1]), true, `b${seed}_${Math.random()}`);
  const gather = (indices) => {
    const n = indices.length;
    const xs = new Float32Array(n * FEATURES);
    const ys = new Float32Array(n);
    indices.forEach((i, k) => {
      xs.set(data.x.subarray(i * FEATURES, (i + 1) * FEATURES), k * FEATURES);
      ys[k] = data.y[i];
    });
    return { xs: tf.tensor2d(xs, [n, FEATURES]), ys: tf.tensor2d(ys, [n, 1]) };
  };
  return {
    parameters: [["linear.weight", w], ["linear.bias", b]],
    loss: ({ indices }) => {
      const { xs, ys } = gather(indices);
      const err = tf.sub(tf.add(tf.matMul(xs, w), b), ys);
      return { loss: tf.mean(tf.square(err)), metrics: { mae: tf.mean(tf.abs(err)) } };
    },
    infer: (indices) => tf.tidy(() => tf.add(tf.matMul(gather(indices).xs, w), b).dataSync()),
  };
}

/** The replica's parts: the same data, rebuilt from the count. */
export function regressionReplica(count) {
  return regressionParts(regressionData(count), 2);
}
