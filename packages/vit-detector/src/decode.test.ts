import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { decodeDetections } from "./decode.js";
import { gridLayout } from "./layout.js";

const layout = gridLayout(16, 24, { patchSize: 8, boxScale: 8, numClasses: 10 }); // 2 x 3 cells
const EMPTY = [-10, ...new Array<number>(10).fill(0), 0, 0, 0, 0];

/** A confident cell: objectness logit `obj`, class `digit` at logit `logit` (others 0), box (dx, dy, tw, th). */
function cell(obj: number, digit: number, logit: number, box: [number, number, number, number]): number[] {
  return [obj, ...Array.from({ length: 10 }, (_, k) => (k === digit ? logit : 0)), ...box];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmaxTop = (logit: number) => Math.exp(logit) / (Math.exp(logit) + 9);

describe("decodeDetections", () => {
  it("scores cells by sigmoid(obj) * p(digit) and decodes boxes into pixels", () => {
    const cells = [EMPTY, EMPTY, EMPTY, EMPTY, cell(2, 3, 4, [0.25, -0.5, Math.log(2), 0]), EMPTY];
    const [detections] = decodeDetections(tf.tensor3d([cells]), layout);
    expect(detections).toHaveLength(1);
    const d = detections![0]!;
    expect(d.digit).toBe(3);
    expect(d.score).toBeCloseTo(sigmoid(2) * softmaxTop(4), 6);
    // cell (row 1, col 1): centre ((1.5 + 0.25) * 8, (1.5 - 0.5) * 8) = (14, 8); 16 x 8 px
    d.box.forEach((v, i) => expect(v).toBeCloseTo([6, 4, 22, 12][i]!, 5));
  });

  it("suppresses a duplicate of another digit class unless classAgnostic is false, and clips to the image", () => {
    const cells = [cell(3, 1, 5, [0.4, 0, 0.5, 0]), cell(2, 7, 5, [-0.6, 0, 0.5, 0]), EMPTY, EMPTY, EMPTY, EMPTY];
    const outputs = tf.tensor3d([cells]);
    const [agnostic] = decodeDetections(outputs, layout);
    expect(agnostic!.map((d) => d.digit)).toEqual([1]);
    const [perClass] = decodeDetections(outputs, layout, { classAgnostic: false });
    expect(perClass!.map((d) => d.digit)).toEqual([1, 7]);
    // both boxes: centre (7.2, 4), 8e^0.5 = 13.19 wide, 8 high: [0.6, 0, 13.8, 8], IoU 1
    expect(agnostic![0]!.box[1]).toBe(0);
    const [clipped] = decodeDetections(outputs, layout, { imageSizes: [{ width: 12, height: 6 }] });
    expect(clipped![0]!.box[2]).toBe(12);
    expect(clipped![0]!.box[3]).toBe(6);
  });

  it("soft-NMS decays an overlapping duplicate instead of dropping it", () => {
    const cells = [cell(3, 1, 5, [0.4, 0, 0.5, 0]), cell(2, 1, 5, [-0.6, 0, 0.5, 0]), EMPTY, EMPTY, EMPTY, EMPTY];
    const [hard] = decodeDetections(tf.tensor3d([cells]), layout);
    const [soft] = decodeDetections(tf.tensor3d([cells]), layout, { softNms: true });
    expect(hard).toHaveLength(1);
    expect(soft).toHaveLength(2);
    const second = sigmoid(2) * softmaxTop(5);
    expect(soft![1]!.score).toBeLessThan(second);
    expect(soft![1]!.score).toBeGreaterThan(0);
  });

  it("applies scoreThreshold and maxDetections, per image", () => {
    const far = [cell(3, 1, 5, [0, 0, 0, 0]), EMPTY, cell(2, 2, 5, [0, 0, 0, 0]), EMPTY, cell(1, 4, 5, [0, 0, 0, 0]), EMPTY];
    const out = decodeDetections(tf.tensor3d([far, cellsOf(EMPTY)]), layout, { maxDetections: 2 });
    expect(out.map((list) => list.map((d) => d.digit))).toEqual([[1, 2], []]);
    const strict = decodeDetections(tf.tensor3d([far]), layout, { scoreThreshold: 0.8 });
    expect(strict[0]!.map((d) => d.digit)).toEqual([1, 2]); // sigmoid(1) * 0.94 = 0.69 is dropped
    expect(() => decodeDetections(tf.zeros([1, 5, 15]), layout)).toThrow("decodeDetections: outputs must be [B, 6, 15] for a 2 x 3 grid, got [1, 5, 15]");
  });
});

function cellsOf(one: number[]): number[][] {
  return Array.from({ length: 6 }, () => one);
}
