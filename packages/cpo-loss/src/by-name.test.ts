import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { isLossName, LOSS_NAMES, lossByName, lossFactory, lossOptionsOf, type LossName, type LossOptions } from "./by-name.js";
import { cpoLoss } from "./cpo.js";
import { cpoAllLoss } from "./cpo-all.js";
import { cpoCeLoss } from "./cpo-ce.js";
import { cpoMarginLoss } from "./cpo-margin.js";
import { crossEntropy } from "./cross-entropy.js";
import { LossOptionError } from "./validate.js";
import { logSumExp, negLogSigmoid } from "./test-helpers.js";

const logits = () => tf.tensor2d([[2, 1, 0.5], [0, 3, 3]]);
const labels = () => tf.tensor1d([0, 2], "int32");

/** Each name with options, and the direct call it must equal. */
const CASES: Array<[LossName, LossOptions, (x: tf.Tensor2D, y: tf.Tensor1D) => tf.Tensor]> = [
  ["ce", {}, (x, y) => crossEntropy(x, y)],
  ["cpo", {}, (x, y) => cpoLoss(x, y)],
  ["cpo", { beta: 2 }, (x, y) => cpoLoss(x, y, { beta: 2 })],
  ["cpo-all", {}, (x, y) => cpoAllLoss(x, y)],
  ["cpo-all", { beta: 2, weightTemperature: 0.5 }, (x, y) => cpoAllLoss(x, y, { beta: 2, weightTemperature: 0.5 })],
  ["cpo-ce", {}, (x, y) => cpoCeLoss(x, y)],
  ["cpo-ce", { beta: 2, lambda: 0.25 }, (x, y) => cpoCeLoss(x, y, { beta: 2, lambda: 0.25 })],
  ["cpo-margin", {}, (x, y) => cpoMarginLoss(x, y)],
  ["cpo-margin", { beta: 2, margin: 3 }, (x, y) => cpoMarginLoss(x, y, { beta: 2, margin: 3 })],
];

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

  it("names every loss", () => {
    expect(LOSS_NAMES).toEqual(["ce", "cpo", "cpo-all", "cpo-ce", "cpo-margin"]);
    expect(LOSS_NAMES.every(isLossName)).toBe(true);
    expect(isLossName("mse")).toBe(false);
  });

  it.each(CASES)("%s %j gives the direct call's value and gradient, as a scalar", (name, options, direct) => {
    const loss = lossByName(name, options);
    expect(loss(logits(), labels()).shape).toEqual([]);
    expect(loss(logits(), labels()).dataSync()[0]).toBe(direct(logits(), labels()).dataSync()[0]);
    const y = labels();
    const viaName = tf.grad((x: tf.Tensor) => loss(x as tf.Tensor2D, y))(logits()).arraySync();
    expect(viaName).toEqual(tf.grad((x: tf.Tensor) => direct(x as tf.Tensor2D, y))(logits()).arraySync());
  });

  it("the new losses' defaults differ from each other and from cpo (a mix-up would show)", () => {
    const values = LOSS_NAMES.map((name) => lossByName(name)(logits(), labels()).dataSync()[0]);
    expect(new Set(values).size).toBe(LOSS_NAMES.length);
  });

  it("ignores options a loss does not read", () => {
    const ignored = { beta: 5, lambda: 7, margin: 9, weightTemperature: 11 };
    expect(lossByName("ce", ignored)(logits(), labels()).dataSync()[0]).toBe(crossEntropy(logits(), labels()).dataSync()[0]);
    const bad = { beta: 1, lambda: -1, margin: -1, weightTemperature: -1 };
    expect(() => lossByName("ce", { ...bad, beta: -1 })).not.toThrow();
    expect(() => lossByName("cpo", bad)).not.toThrow();
    expect(() => lossByName("cpo-all", { ...bad, weightTemperature: 1 })).not.toThrow();
    expect(() => lossByName("cpo-ce", { ...bad, lambda: 1 })).not.toThrow();
    expect(() => lossByName("cpo-margin", { ...bad, margin: 1 })).not.toThrow();
  });

  it("rejects unknown names and bad options up front, naming the field", () => {
    expect(() => lossByName("mse" as "ce")).toThrow(
      'lossByName: unknown loss "mse", expected one of "ce", "cpo", "cpo-all", "cpo-ce", "cpo-margin"',
    );
    expect(() => lossByName("cpo", { beta: 0 })).toThrow("lossByName: beta must be a finite number > 0, got 0");
    expect(() => lossByName("cpo-all", { weightTemperature: 0 })).toThrow("lossByName: weightTemperature must be a finite number > 0, got 0");
    expect(() => lossByName("cpo-ce", { lambda: -1 })).toThrow("lossByName: lambda must be a finite number >= 0, got -1");
    expect(() => lossByName("cpo-margin", { margin: NaN })).toThrow("lossByName: margin must be a finite number >= 0, got NaN");
    const error = (() => {
      try {
        lossByName("cpo-margin", { margin: -2 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LossOptionError);
    expect(error).toMatchObject({ fn: "lossByName", field: "margin", expected: "a finite number >= 0", got: -2 });
  });
});

describe("lossOptionsOf", () => {
  it("gives the options each loss reads, defaults filled in", () => {
    expect(lossOptionsOf("ce", { beta: 3 })).toEqual({});
    expect(lossOptionsOf("cpo")).toEqual({ beta: 1 });
    expect(lossOptionsOf("cpo-all", { margin: 4 })).toEqual({ beta: 1, weightTemperature: 1 });
    expect(lossOptionsOf("cpo-ce", { lambda: 0.5 })).toEqual({ beta: 1, lambda: 0.5 });
    expect(lossOptionsOf("cpo-margin", { beta: 2 })).toEqual({ beta: 2, margin: 1 });
    expect(() => lossOptionsOf("cpo-ce", { lambda: -1 }, "llmnist train")).toThrow("llmnist train: lambda must be a finite number >= 0, got -1");
  });
});

describe("lossFactory", () => {
  it.each(CASES)("%s %j: a replica's lossByName(...args) gives the same values", async (name, options, direct) => {
    const factory = lossFactory(name, options);
    expect(factory.exportName).toBe("lossByName");
    expect(factory.module).toMatch(/\/index\.js$/);
    const index = await import("./index.js");
    const fn = (index as unknown as Record<string, (...a: unknown[]) => (x: tf.Tensor2D, y: tf.Tensor1D) => tf.Tensor>)[factory.exportName]!;
    const replica = fn(...structuredClone(factory.args));
    expect(replica(logits(), labels()).dataSync()[0]).toBe(direct(logits(), labels()).dataSync()[0]);
  });

  it("validates before another thread is asked to", () => {
    expect(() => lossFactory("cpo-ce", { lambda: Infinity })).toThrow("lossByName: lambda must be a finite number >= 0, got Infinity");
    expect(() => lossFactory("nope" as "ce")).toThrow(/lossByName: unknown loss "nope"/);
  });
});
