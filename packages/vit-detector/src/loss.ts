import * as tf from "@tensorflow/tfjs-core";
import type { GridTargets } from "./targets.js";

export interface DetectionLossOptions {
  /** Weight of the class term (default 1). */
  classWeight?: number;
  /** Weight of the box term (default 1). */
  boxWeight?: number;
  /** Extra weight on responsible cells' objectness term (default 1: none). */
  objectnessPositiveWeight?: number;
}

export interface DetectionLossOutput {
  /** obj + classWeight * cls + boxWeight * box. */
  loss: tf.Scalar;
  metrics: { obj: tf.Scalar; cls: tf.Scalar; box: tf.Scalar };
}

/**
 * The grid head's loss, every term normalised by the number of responsible cells P (at least
 * 1), as RetinaNet and FCOS do, so its scale does not depend on how many empty cells an image
 * has relative to its digits:
 *   obj = sum over all cells of BCE-with-logits(objectness, 1 if responsible else 0) / P
 *   cls = mean over responsible cells of cross-entropy(class logits, digit)
 *   box = mean over responsible cells of L1(dx, dy, tw, th), summed over the four
 * outputs: `[B, n, 1 + classes + 4]` (VitDetector.forward); targets: assignTargets for the same grid.
 */
export function detectionLoss(outputs: tf.Tensor, targets: GridTargets, options: DetectionLossOptions = {}): DetectionLossOutput {
  const classWeight = weightOption("classWeight", options.classWeight ?? 1);
  const boxWeight = weightOption("boxWeight", options.boxWeight ?? 1);
  const positiveWeight = weightOption("objectnessPositiveWeight", options.objectnessPositiveWeight ?? 1);
  if (outputs.rank !== 3) throw new Error(`detectionLoss: outputs must be [B, n, 1 + classes + 4], got [${outputs.shape.join(", ")}]`);
  const [batch, n, width] = outputs.shape as [number, number, number];
  const classes = width - 5;
  if (targets.batch !== batch || targets.rows * targets.cols !== n) {
    throw new Error(`detectionLoss: targets are for ${targets.batch} images of ${targets.rows} x ${targets.cols} cells, outputs are [${outputs.shape.join(", ")}]`);
  }
  if (classes < 1) throw new Error(`detectionLoss: outputs' last axis ${width} leaves no class logits (1 + classes + 4)`);
  const cells = batch * n;
  const count = targets.positives.length;
  const norm = Math.max(1, count);
  return tf.tidy(() => {
    const flat = tf.reshape(outputs, [cells, width]); // [B*n, 1 + classes + 4]
    const logits = tf.reshape(tf.slice(flat, [0, 0], [cells, 1]), [cells]); // [B*n]
    const z = tf.tensor1d(targets.objectness);
    // BCE with logits, stable: max(x, 0) - x*z + log(1 + exp(-|x|))
    const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, z)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const weighted = positiveWeight === 1 ? bce : tf.mul(bce, tf.add(1, tf.mul(positiveWeight - 1, z)));
    const obj = tf.div(tf.sum(weighted), norm) as tf.Scalar;
    let cls: tf.Scalar = tf.scalar(0);
    let box: tf.Scalar = tf.scalar(0);
    if (count > 0) {
      // Dense masks over all cells instead of gathering the responsible ones: tf.gather's gradient
      // needs UnsortedSegmentSum, which the wasm backend lacks; B*n*(classes+4) is small.
      const { oneHot, boxes } = denseTargets(targets, cells, classes);
      const logProbs = tf.logSoftmax(tf.slice(flat, [0, 1], [cells, classes])); // [B*n, classes]
      cls = tf.div(tf.neg(tf.sum(tf.mul(logProbs, oneHot))), count) as tf.Scalar;
      const predicted = tf.slice(flat, [0, 1 + classes], [cells, 4]); // [B*n, 4]
      const error = tf.abs(tf.sub(predicted, boxes)); // [B*n, 4]
      box = tf.div(tf.sum(tf.mul(error, tf.reshape(z, [cells, 1]))), count) as tf.Scalar; // [B*n, 1] mask
    }
    const loss = tf.add(tf.add(obj, tf.mul(cls, classWeight)), tf.mul(box, boxWeight)) as tf.Scalar;
    return { loss, metrics: { obj, cls, box } };
  });
}

/** One-hot digits and encoded boxes of the responsible cells, zeros elsewhere. */
function denseTargets(targets: GridTargets, cells: number, classes: number): { oneHot: tf.Tensor2D; boxes: tf.Tensor2D } {
  const oneHot = new Float32Array(cells * classes); // [B*n, classes]
  const boxes = new Float32Array(cells * 4); // [B*n, 4]
  targets.positives.forEach((cell, i) => {
    oneHot[cell * classes + targets.classes[i]!] = 1;
    boxes.set(targets.boxes.subarray(i * 4, i * 4 + 4), cell * 4);
  });
  return { oneHot: tf.tensor2d(oneHot, [cells, classes]), boxes: tf.tensor2d(boxes, [cells, 4]) };
}

function weightOption(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error(`detectionLoss: ${name} must be a finite number >= 0, got ${String(value)}`);
  return value;
}
