import { describe, expect, it } from "vitest";
import { decodeBox, encodeBox } from "./box-coding.js";
import { gridLayout } from "./layout.js";
import { assignTargets } from "./targets.js";

const layout = gridLayout(32, 32, { patchSize: 8, boxScale: 24, numClasses: 10 }); // 4 x 4 cells

describe("assignTargets", () => {
  it("puts each object in the cell holding its centre, with offsets from the cell centre and log sizes", () => {
    // [2, 3, 12, 13): centre (7, 8) -> column 0, row 1 -> cell 4; 10 x 10 px
    // [17, 25, 31, 31): centre (24, 28) -> column 3, row 3 -> cell 15 of image 1 = 16 + 15
    const t = assignTargets([[{ box: [2, 3, 12, 13], digit: 5 }], [{ box: [17, 25, 31, 31], digit: 0 }]], layout);
    expect(t.batch).toBe(2);
    expect(Array.from(t.positives)).toEqual([4, 31]);
    expect(Array.from(t.classes)).toEqual([5, 0]);
    expect(t.objectness.length).toBe(32);
    expect(Array.from(t.objectness).reduce((a, b) => a + b)).toBe(2);
    expect(t.objectness[4]).toBe(1);
    expect(t.objectness[31]).toBe(1);
    const [first, second] = [Array.from(t.boxes.subarray(0, 4)), Array.from(t.boxes.subarray(4, 8))];
    // dx = 7/8 - 0.5, dy = 8/8 - 1.5, tw = th = ln(10/24)
    expect(first).toEqual([0.375, -0.5, Math.log(10 / 24), Math.log(10 / 24)].map((v) => expect.closeTo(v, 6)));
    // dx = 24/8 - 3.5, dy = 28/8 - 3.5, tw = ln(14/24), th = ln(6/24)
    expect(second).toEqual([-0.5, 0, Math.log(14 / 24), Math.log(6 / 24)].map((v) => expect.closeTo(v, 6)));
    expect(t.dropped).toBe(0);
  });

  it("gives a shared cell to the larger box and counts the other as dropped", () => {
    // centres (4, 5) and (5, 4): both in cell 0; the second is larger
    const small = { box: [3, 2, 5, 8], digit: 1 }; // 2 x 6 = 12 px
    const large = { box: [2, 1, 8, 7], digit: 7 }; // 6 x 6 = 36 px
    for (const objects of [[small, large], [large, small]]) {
      const t = assignTargets([objects], layout);
      expect(Array.from(t.positives)).toEqual([0]);
      expect(Array.from(t.classes)).toEqual([7]);
      expect(t.dropped).toBe(1);
    }
  });

  it("with centerRadius, also makes the cells around the centre (inside the box) responsible, each predicting the box from itself", () => {
    // [2, 2, 30, 30): centre (16, 16) in cell (2, 2); cell centres 4, 12, 20, 28 px: only 12 and
    // 20 are within 1 cell (8 px) of 16 -> rows and columns 1..2 -> cells 5, 6, 9, 10
    const t = assignTargets([[{ box: [2, 2, 30, 30], digit: 3 }]], layout, { centerRadius: 1 });
    expect(Array.from(t.positives)).toEqual([5, 6, 9, 10]);
    expect(Array.from(t.classes)).toEqual([3, 3, 3, 3]);
    // cell 5 is row 1, column 1: dx = dy = 16/8 - 1.5; the size is the box's
    expect(Array.from(t.boxes.subarray(0, 4))).toEqual([0.5, 0.5, Math.log(28 / 24), Math.log(28 / 24)].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(t.boxes.subarray(12, 16))).toEqual([-0.5, -0.5, Math.log(28 / 24), Math.log(28 / 24)].map((v) => expect.closeTo(v, 6)));
    expect(t.dropped).toBe(0);
    // radius 0 is the centre cell alone
    expect(Array.from(assignTargets([[{ box: [2, 2, 30, 30], digit: 3 }]], layout, { centerRadius: 0 }).positives)).toEqual([10]);
  });

  it("keeps a cell for the object whose centre it holds over one that only sampled it", () => {
    // big [0, 0, 13, 30): centre (6.5, 15); with radius 2 it samples cell (0, 1) (centre (12, 4), inside).
    // small [13, 1, 15, 7): centre (14, 4) is in cell (0, 1) too: the centre wins
    const big = { box: [0, 0, 13, 30], digit: 8 };
    const small = { box: [13, 1, 15, 7], digit: 1 };
    for (const objects of [[big, small], [small, big]]) {
      const t = assignTargets([objects], layout, { centerRadius: 2 });
      const at = Array.from(t.positives).indexOf(1);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(t.classes[at]).toBe(1);
      expect(Array.from(t.positives)).toEqual([0, 1, 4, 5, 8, 9, 12, 13]);
      expect(t.dropped).toBe(0);
    }
    expect(() => assignTargets([[big]], layout, { centerRadius: -1 })).toThrow("assignTargets: centerRadius must be a finite number >= 0, got -1");
  });

  it("handles images without objects, and names bad input", () => {
    const t = assignTargets([[], []], layout);
    expect(t.positives.length).toBe(0);
    expect(t.objectness.length).toBe(32);
    expect(() => assignTargets([[{ box: [30, 30, 40, 40], digit: 1 }]], layout)).toThrow("assignTargets: image 0, object 0: box centre (35, 35) is outside the 32 x 32 image");
    expect(() => assignTargets([[], [{ box: [3, 3, 3, 9], digit: 1 }]], layout)).toThrow("assignTargets: image 1, object 0: box [3, 3, 3, 9] is empty");
    expect(() => assignTargets([[{ box: [1, 1, 4, 4], digit: 10 }]], layout)).toThrow("digit must be an integer in [0, 9], got 10");
  });
});

describe("encodeBox / decodeBox", () => {
  it("are inverses", () => {
    const box = [5, 9, 21, 30];
    const [dx, dy, tw, th] = encodeBox(box, 2, 1, layout);
    decodeBox(dx, dy, tw, th, 2, 1, layout).forEach((v, i) => expect(v).toBeCloseTo(box[i]!, 5));
  });
});
