import { describe, expect, it } from "vitest";
import { evaluateByGroup, evaluationOf } from "./group-evaluation.js";

const labels = [0, 1, 1, 2, 7, 7];
const predictions = [0, 1, 7, 2, 7, 1];

describe("evaluationOf / evaluateByGroup", () => {
  it("counts a confusion matrix and its accuracies from labels and predictions", () => {
    const e = evaluationOf(labels, predictions);
    expect(e).toMatchObject({ correct: 4, total: 6 });
    expect(e.accuracy).toBeCloseTo(400 / 6, 10);
    expect(e.confusion[1]).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(e.perClass[7]).toBe(50);
    expect(e.perClass[3]).toBeNaN();
  });

  it("evaluates each group on its own members, in sorted order of the values", () => {
    const groups = evaluateByGroup(labels, predictions, ["b", "a", "a", "b", "a", "b"]);
    expect([...groups.keys()]).toEqual(["a", "b"]);
    expect(groups.get("a")).toMatchObject({ correct: 2, total: 3 });
    expect(groups.get("b")).toMatchObject({ correct: 2, total: 3 });
    expect(groups.get("b")!.confusion[7]![1]).toBe(1);
  });

  it("refuses counts that do not match", () => {
    expect(() => evaluationOf([1, 2], [1])).toThrow("evaluationOf: 2 labels but 1 predictions");
    expect(() => evaluateByGroup([1, 2], [1, 2], ["a"])).toThrow("evaluateByGroup: 1 group values for 2 examples");
  });
});
