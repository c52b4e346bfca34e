import { describe, expect, it } from "vitest";
import { buildMoETables, MOE_HEADING } from "./moe-table.js";
import type { MoEStats, RunRecord } from "./run-record.js";
import { runRecord } from "./run-record.test-helpers.js";

const stats = (over: Partial<MoEStats>): MoEStats => ({
  experts: 4,
  topK: 1,
  paramsActive: 215626,
  load: [[0.25, 0.25, 0.25, 0.25]],
  trainAuxLoss: 0.06,
  trainImagesPerSecond: 400,
  ...over,
});

/** A mixture-of-experts run: the tables' plain run as 0.21M-moe4 (657994 parameters) with stats({}). */
const run = (over: Partial<RunRecord>): RunRecord => runRecord({ preset: "0.21M-moe4", params: 657994, moe: stats({}), ...over });

/** The cells of the rows of every table in the markdown (headers and rules dropped). */
function rows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| preset"))
    .map((l) => l.slice(2, -2).split(" | "));
}

describe("buildMoETables", () => {
  it("is empty without runs", () => {
    expect(buildMoETables([])).toBe("");
  });

  it("averages seeds: accuracy, parameters total / active, img/s, wall time, load range and aux loss, then the load per layer", () => {
    const md = buildMoETables([
      run({
        seed: 1,
        bestAccuracy: 99.1,
        finalAccuracy: 99.0,
        wallSeconds: 3000,
        moe: stats({ load: [[0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]], trainAuxLoss: 0.06, trainImagesPerSecond: 400 }),
      }),
      run({
        seed: 2,
        bestAccuracy: 99.3,
        finalAccuracy: 99.2,
        wallSeconds: 3600,
        moe: stats({ load: [[0.3, 0.2, 0.25, 0.25], [0.05, 0.25, 0.3, 0.4]], trainAuxLoss: 0.07, trainImagesPerSecond: 500 }),
      }),
    ]);
    expect(md.startsWith(`${MOE_HEADING}\n\n| preset | loss | params total / active | experts |`)).toBe(true);
    expect(rows(md)).toEqual([
      ["0.21M-moe4", "ce", "657,994 / 215,626", "4, top-1", "10", "60,000 / 10,000", "2", "99.20 ± 0.14", "99.10 ± 0.14", "450", "55m00s", "5.0–40.0", "0.0650", "wasm"],
      // layer 0: 20–30% over both seeds, layer 1: 5–40%
      ["0.21M-moe4", "ce", "10", "2", "20.0–30.0", "5.0–40.0"],
    ]);
    expect(md).toContain("| preset | loss | epochs | seeds | layer 0 | layer 1 |");
  });

  it("shows a partial run's row without load or img/s, and keeps it out of the per-layer table", () => {
    const md = buildMoETables([
      run({ loss: "cpo", partial: true, epochsDone: 3, backend: undefined, moe: stats({ load: undefined, trainImagesPerSecond: undefined, trainAuxLoss: 0.08 }) }),
    ]);
    expect(rows(md)).toEqual([
      ["0.21M-moe4", "cpo", "657,994 / 215,626", "4, top-1", "3 of 10 (partial)", "60,000 / 10,000", "1", "99.00", "98.90", "–", "1h00m", "–", "0.0800", "–"],
    ]);
    expect(md).not.toContain("layer 0");
  });
});
