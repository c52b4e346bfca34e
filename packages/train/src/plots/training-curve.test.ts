import { describe, expect, it } from "vitest";
import type { EpochMetrics } from "../types.js";
import { trainingCurveSvg } from "./training-curve.js";
import { allElements, byClass, parseXml } from "./xml.test-helpers.js";

const epoch = (e: number, loss: number, acc: number): EpochMetrics => ({
  epoch: e,
  train_loss: loss,
  test_accuracy: acc,
  lr: 1e-3,
  seconds: 60,
  steps: 1875,
});

const tenEpochs = Array.from({ length: 10 }, (_, k) => epoch(k + 1, 0.5 / (k + 1), 97 + k * 0.2));

describe("trainingCurveSvg", () => {
  it("draws one loss point and one accuracy point per epoch in a well-formed SVG", () => {
    const doc = parseXml(trainingCurveSvg(tenEpochs));
    expect(doc.name).toBe("svg");
    expect(doc.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(byClass(doc, "loss-point")).toHaveLength(10);
    expect(byClass(doc, "accuracy-point")).toHaveLength(10);
    expect(allElements(doc).filter((e) => e.name === "polyline")).toHaveLength(2);
  });

  it("labels the axes and ticks the epochs", () => {
    const doc = parseXml(trainingCurveSvg(tenEpochs));
    const labels = byClass(doc, "axis-label").map((e) => e.text);
    expect(labels).toEqual(["train loss", "test accuracy (%)", "epoch"]);
    // every epoch ticked on both panels
    const xTicks = byClass(doc, "x-tick").map((e) => e.text);
    expect(xTicks).toHaveLength(20);
    expect(xTicks.slice(0, 10)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(byClass(doc, "y-tick").length).toBeGreaterThanOrEqual(4);
  });

  it("puts higher accuracy higher on the page", () => {
    const doc = parseXml(trainingCurveSvg(tenEpochs));
    const ys = byClass(doc, "accuracy-point").map((e) => Number(e.attrs.cy));
    for (let k = 1; k < ys.length; k++) expect(ys[k]!).toBeLessThan(ys[k - 1]!);
    const lossYs = byClass(doc, "loss-point").map((e) => Number(e.attrs.cy));
    for (let k = 1; k < lossYs.length; k++) expect(lossYs[k]!).toBeGreaterThan(lossYs[k - 1]!);
  });

  it("names the best and the final epoch", () => {
    const m = [epoch(1, 0.3, 98.5), epoch(2, 0.2, 99.12), epoch(3, 0.1, 99.01)];
    const doc = parseXml(trainingCurveSvg(m));
    expect(byClass(doc, "subtitle")[0]!.text).toBe("best 99.12% (epoch 2), final 99.01% (epoch 3)");
  });

  it("escapes the title", () => {
    const svg = trainingCurveSvg(tenEpochs, { title: `0.21M <cpo> & "seed" 'a'` });
    expect(svg).toContain("0.21M &lt;cpo&gt; &amp; &quot;seed&quot; &apos;a&apos;");
    expect(byClass(parseXml(svg), "title")[0]!.text).toBe(`0.21M <cpo> & "seed" 'a'`);
  });

  it("handles a single epoch, unsorted input and a NaN loss", () => {
    const one = parseXml(trainingCurveSvg([epoch(1, 0.4, 96)]));
    expect(byClass(one, "loss-point")).toHaveLength(1);
    expect(allElements(one).filter((e) => e.name === "polyline")).toHaveLength(0);
    const cx = Number(byClass(one, "loss-point")[0]!.attrs.cx);
    expect(Number.isFinite(cx)).toBe(true);

    const gap = parseXml(trainingCurveSvg([epoch(3, 0.1, 99), epoch(1, 0.3, 98), epoch(2, NaN, 98.5)]));
    expect(byClass(gap, "loss-point")).toHaveLength(2); // the NaN epoch is left out
    expect(byClass(gap, "accuracy-point")).toHaveLength(3);
    const accXs = byClass(gap, "accuracy-point").map((e) => Number(e.attrs.cx));
    expect([...accXs].sort((a, b) => a - b)).toEqual(accXs);
    for (const e of allElements(gap)) for (const v of Object.values(e.attrs)) expect(v).not.toContain("NaN");
  });

  it("draws an empty chart with a note when there are no epochs", () => {
    const doc = parseXml(trainingCurveSvg([]));
    expect(byClass(doc, "empty")[0]!.text).toBe("no epochs recorded yet");
    expect(byClass(doc, "loss-point")).toHaveLength(0);
  });

  it("thins epoch ticks for long runs and rejects fractional epochs", () => {
    const long = Array.from({ length: 100 }, (_, k) => epoch(k + 1, 1 / (k + 1), 90 + k / 20));
    const doc = parseXml(trainingCurveSvg(long));
    const ticks = byClass(doc, "x-tick").length / 2;
    expect(ticks).toBeGreaterThan(3);
    expect(ticks).toBeLessThan(15);
    expect(() => trainingCurveSvg([epoch(1.5, 0.1, 99)])).toThrow(/epoch must be an integer, got 1.5/);
  });
});
