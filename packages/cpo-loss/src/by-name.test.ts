import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { lossByName } from "./by-name.js";
import { logSumExp, negLogSigmoid } from "./test-helpers.js";

const logits = () => tf.tensor2d([[2, 1, 0.5], [0, 3, 3]]);
const labels = () => tf.tensor1d([0, 2], "int32");

describe("lossByName", () => {
  it("ce is mean cross-entropy", () => {
    const want = (logSumExp([2, 1, 0.5]) - 2 + logSumExp([0, 3, 3]) - 3) / 2;
    const loss = lossByName("ce")(logits(), labels());
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(want, 6);
  });

  it("cpo uses beta (default 1)", () => {
    expect(lossByName("cpo")(logits(), labels()).dataSync()[0]).toBeCloseTo((negLogSigmoid(1) + Math.LN2) / 2, 6);
    expect(lossByName("cpo", { beta: 2 })(logits(), labels()).dataSync()[0]).toBeCloseTo(
      (negLogSigmoid(2) + Math.LN2) / 2,
      6,
    );
  });

  it("rejects unknown names and bad beta up front", () => {
    expect(() => lossByName("mse" as "ce")).toThrow('lossByName: unknown loss "mse", expected one of "ce", "cpo"');
    expect(() => lossByName("cpo", { beta: 0 })).toThrow("lossByName: beta must be a finite number > 0, got 0");
  });
});
