import * as tf from "@tensorflow/tfjs-core";

/** Plain tfjs compositions the fused ops must equal (the formulas of PAPER.md section 1). */
export function referenceRotary(x: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor {
  const half = x.shape[x.rank - 1]! / 2;
  const [a, b] = tf.split(x, [half, half], -1) as [tf.Tensor, tf.Tensor];
  return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(b), a], -1), sin));
}

export function referenceRmsNorm(x: tf.Tensor, w: tf.Tensor, eps: number): tf.Tensor {
  return tf.mul(w, tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))));
}

export function referenceSwiGLU(g: tf.Tensor, u: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(g, tf.sigmoid(g)), u);
}

export function referenceAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, scale: number, causal: boolean, offset: number): tf.Tensor {
  const [b, hq, n, hd] = q.shape as [number, number, number, number];
  const [, hkv, t] = k.shape as [number, number, number, number];
  const groups = hq / hkv;
  // Query head h reads kv head floor(h / groups): repeat kv heads by slicing (rank-4 grads only).
  const repeat = (x: tf.Tensor) =>
    tf.concat(Array.from({ length: hq }, (_, h) => tf.slice(x, [0, Math.floor(h / groups), 0, 0], [b, 1, t, hd])), 1); // [B, hq, T, hd]
  let scores = tf.mul(tf.matMul(q, repeat(k), false, true), scale); // [B, hq, n, T]
  if (causal) {
    const mask = new Float32Array(n * t);
    for (let i = 0; i < n; i++) for (let j = offset + i + 1; j < t; j++) mask[i * t + j] = -1e9;
    scores = tf.add(scores, tf.tensor2d(mask, [n, t]));
  }
  return tf.matMul(tf.softmax(scores, -1), repeat(v)); // [B, hq, n, hd]
}
