import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { gridLayout } from "./layout.js";
import { detectionLoss } from "./loss.js";
import { assignTargets } from "./targets.js";

const layout = gridLayout(8, 16, { patchSize: 8, boxScale: 8, numClasses: 10 }); // 1 x 2 cells
const softplus = (x: number) => Math.log1p(Math.exp(x));

/** One image, two cells: cell 0 empty, cell 1 holds an object. */
function outputs(): { tensor: tf.Tensor3D } {
  const empty = [0.5, ...Array.from({ length: 10 }, (_, k) => k / 10), 0, 0, 0, 0];
  const full = [-1, ...Array.from({ length: 10 }, (_, k) => (k === 2 ? 1 : 0)), 0.1, -0.2, 0.3, 0];
  return { tensor: tf.tensor3d([[empty, full]]) };
}

describe("detectionLoss", () => {
  it("is BCE over all cells + CE + L1 on the responsible cell, each over the number of objects", () => {
    // [10, 2, 14, 6): centre (12, 4) -> cell 1; target dx = 12/8 - 1.5 = 0, dy = 4/8 - 0.5 = 0, tw = ln(4/8), th = ln(4/8)
    const targets = assignTargets([[{ box: [10, 2, 14, 6], digit: 2 }]], layout);
    const { tensor } = outputs();
    const { loss, metrics } = detectionLoss(tensor, targets);
    // BCE(0.5, 0) = softplus(0.5); BCE(-1, 1) = softplus(1); one object
    const obj = softplus(0.5) + softplus(1);
    // CE: logsumexp of nine 0s and one 1, minus 1
    const cls = Math.log(9 + Math.E) - 1;
    const box = Math.abs(0.1) + Math.abs(-0.2) + Math.abs(0.3 - Math.log(0.5)) + Math.abs(0 - Math.log(0.5));
    expect(metrics.obj.dataSync()[0]).toBeCloseTo(obj, 5);
    expect(metrics.cls.dataSync()[0]).toBeCloseTo(cls, 5);
    expect(metrics.box.dataSync()[0]).toBeCloseTo(box, 5);
    expect(loss.dataSync()[0]).toBeCloseTo(obj + cls + box, 5);
    const weighted = detectionLoss(tensor, targets, { classWeight: 2, boxWeight: 0.5, objectnessPositiveWeight: 3 });
    expect(weighted.loss.dataSync()[0]).toBeCloseTo(softplus(0.5) + 3 * softplus(1) + 2 * cls + 0.5 * box, 5);
  });

  it("without objects is the objectness term alone (normalised by 1)", () => {
    const { tensor } = outputs();
    const { loss, metrics } = detectionLoss(tensor, assignTargets([[]], layout));
    expect(loss.dataSync()[0]).toBeCloseTo(softplus(0.5) + softplus(-1), 5);
    expect(metrics.cls.dataSync()[0]).toBe(0);
    expect(metrics.box.dataSync()[0]).toBe(0);
  });

  it("refuses targets for another grid", () => {
    const { tensor } = outputs();
    const other = assignTargets([[]], gridLayout(16, 16, { patchSize: 8, boxScale: 8, numClasses: 10 }));
    expect(() => detectionLoss(tensor, other)).toThrow("detectionLoss: targets are for 1 images of 2 x 2 cells, outputs are [1, 2, 15]");
  });
});
