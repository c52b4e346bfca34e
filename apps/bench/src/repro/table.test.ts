import { describe, expect, it } from "vitest";
import { runRecord as run } from "./run-record.test-helpers.js";
import { buildTables, groupRuns, isPaperRow, meanStd, presetLabel, signedDiff } from "./table.js";

const PAPER = { "0.21M": { ce: 99.12, cpo: 99.01 }, "1.68M": { ce: 99.35 } };
const ORDER = ["0.21M", "0.25M", "1.68M", "53.53M"];

/** The cells of the table rows (header and rule dropped) of a buildTables section. */
function rows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| preset"))
    .map((l) => l.slice(2, -2).split(" | "));
}

describe("meanStd and signedDiff", () => {
  it("give the mean, and the sample std when there are several values", () => {
    expect(meanStd([99.12])).toBe("99.12");
    expect(meanStd([99.1, 99.2, 99.3])).toBe("99.20 ± 0.10");
    expect(signedDiff(0.054)).toBe("+0.05");
    expect(signedDiff(-0.12)).toBe("-0.12");
    expect(signedDiff(-0.001)).toBe("-0.00");
  });
});

describe("buildTables", () => {
  it("averages seeds of one preset and loss and compares the mean best with the paper", () => {
    const md = buildTables(
      [
        run({ seed: 0, bestAccuracy: 99.1, finalAccuracy: 99.0, wallSeconds: 3000 }),
        run({ seed: 1, bestAccuracy: 99.3, finalAccuracy: 99.2, wallSeconds: 3600 }),
      ],
      PAPER,
      ORDER,
    );
    expect(md).toContain("### Table 6-1: cross-entropy");
    expect(md).not.toContain("Table 6-2");
    expect(rows(md)).toEqual([
      ["0.21M", "214,090", "10", "60,000 / 10,000", "2", "99.20 ± 0.14", "99.10 ± 0.14", "99.12", "+0.08", "55m00s", "wasm"],
    ]);
  });

  it("keeps runs with different epochs or data apart and marks partial runs", () => {
    const md = buildTables(
      [
        run({ seed: 0 }),
        run({ seed: 1, epochsDone: 3, partial: true, backend: undefined, bestAccuracy: 98.5, finalAccuracy: 98.5 }),
        run({ seed: 2, epochsDone: 1, epochsPlanned: 1, trainImages: 4000, testImages: 1000, bestAccuracy: 80, finalAccuracy: 80 }),
        run({ seed: 3, epochsDone: 2, epochsPlanned: undefined, partial: true, backend: undefined }),
      ],
      PAPER,
      ORDER,
    );
    const r = rows(md);
    expect(r.map((c) => [c[2], c[3], c[4]])).toEqual([
      ["10", "60,000 / 10,000", "1"],
      ["1", "4,000 / 1,000", "1"],
      ["3 of 10 (partial)", "60,000 / 10,000", "1"],
      ["2 (partial)", "60,000 / 10,000", "1"],
    ]);
    expect(r[2]![10]).toBe("–"); // a partial run has no backend recorded
  });

  it("holds only the paper's kind of runs: ce and cpo on plain images (distilled too), never other losses or augmented runs", () => {
    const kd = { teacher: "t", teacherPreset: "1.68M", temperature: 4, weight: 0.9 };
    const md = buildTables(
      [
        run({ loss: "cpo-margin" }),
        run({ loss: "cpo-all" }),
        run({ loss: "cpo", bestAccuracy: 98.9 }),
        run({ loss: "cpo-ce" }),
        run({ loss: "ce", augmented: true, bestAccuracy: 99.34 }),
        run({ loss: "cpo", augmented: true, distillation: kd }),
        run({ loss: "ce", distillation: kd, bestAccuracy: 99.2 }),
        run({ loss: "ce", bestAccuracy: 99.1 }),
      ],
      PAPER,
      ORDER,
    );
    expect(md.split("\n").filter((l) => l.startsWith("### "))).toEqual([
      "### Table 6-1: cross-entropy",
      "### Table 6-2: CPO (classification preference optimisation)",
    ]);
    expect(rows(md).map((r) => [r[0], r[5]])).toEqual([
      ["0.21M", "99.10"],
      ["0.21M ← 1.68M (KD, T 4, w 0.9)", "99.20"],
      ["0.21M", "98.90"],
    ]);
    expect(buildTables([run({ loss: "cpo-all" }), run({ augmented: true })], PAPER, ORDER)).toBe("");
    expect([isPaperRow(run({})), isPaperRow(run({ loss: "cpo" })), isPaperRow(run({ augmented: true })), isPaperRow(run({ loss: "focal" }))]).toEqual([true, true, false, false]);
  });

  it("keeps augmented runs apart from plain ones when grouping", () => {
    const groups = groupRuns([run({ seed: 1, augmented: true }), run({ seed: 0 }), run({ seed: 2, augmented: true })], ORDER);
    expect(groups.map((g) => [g.augmented, g.runs.map((r) => r.seed)])).toEqual([
      [false, [0]],
      [true, [1, 2]],
    ]);
  });

  it("shows a dash where the paper has no value, and orders presets and losses", () => {
    const md = buildTables(
      [
        run({ preset: "1.68M", loss: "cpo", params: 1680010, bestAccuracy: 99.2 }),
        run({ preset: "1.68M", loss: "ce", params: 1680010, bestAccuracy: 99.4 }),
        run({ preset: "0.21M", loss: "cpo", bestAccuracy: 98.9 }),
        run({ preset: "custom", loss: "ce", params: undefined, bestAccuracy: 97 }),
      ],
      PAPER,
      ORDER,
    );
    const titles = md.split("\n").filter((l) => l.startsWith("### "));
    expect(titles).toEqual(["### Table 6-1: cross-entropy", "### Table 6-2: CPO (classification preference optimisation)"]);
    const r = rows(md);
    expect(r[0]!.slice(0, 1).concat(r[0]!.slice(7, 9))).toEqual(["1.68M", "99.35", "+0.05"]);
    expect(r[1]!.slice(0, 2).concat(r[1]!.slice(7, 9))).toEqual(["custom", "–", "–", "–"]);
    expect(r[2]!.slice(0, 1).concat(r[2]!.slice(7, 9))).toEqual(["0.21M", "99.01", "-0.11"]);
    expect(r[3]!.slice(0, 1).concat(r[3]!.slice(7, 9))).toEqual(["1.68M", "–", "–"]); // no paper value for 1.68M cpo here
  });

  it("gives distilled runs their own row right after the plain row, compared with the paper's plain preset", () => {
    const teacher = "results/runs/1.68M-ce-seed6737151/best.safetensors";
    const kd = { teacher, teacherPreset: "1.68M", temperature: 4, weight: 0.9 };
    const md = buildTables(
      [
        run({ preset: "1.68M", params: 1680010, bestAccuracy: 99.27, finalAccuracy: 99.22 }),
        run({ seed: 1, bestAccuracy: 99.3, finalAccuracy: 99.2, distillation: kd }),
        run({ seed: 2, bestAccuracy: 99.2, finalAccuracy: 99.2, distillation: kd }),
        run({ seed: 3, epochsDone: 4, partial: true, backend: undefined, bestAccuracy: 98.25, finalAccuracy: 98.25, distillation: kd }),
        run({ seed: 4, bestAccuracy: 99.0, distillation: { ...kd, temperature: 2, weight: 0.5 } }),
        run({ seed: 5, bestAccuracy: 99.5, distillation: { ...kd, teacher: "elsewhere/t.safetensors", teacherPreset: undefined } }),
        run({ seed: 7, bestAccuracy: 99.25, finalAccuracy: 99.2, distillation: { ...kd, teacher: `./${teacher}` } }), // the same file
        run({ seed: 0, bestAccuracy: 99.1, finalAccuracy: 99.0 }),
        run({ seed: 6, epochsDone: 2, partial: true, backend: undefined, bestAccuracy: 97, finalAccuracy: 97 }),
        run({ loss: "cpo", seed: 0, bestAccuracy: 98.9 }),
      ],
      PAPER,
      ORDER,
    );
    const r = rows(md);
    expect(r.map((c) => [c[0], c[2], c[4], c[5], c[7], c[8]])).toEqual([
      ["0.21M", "10", "1", "99.10", "99.12", "-0.02"],
      ["0.21M", "2 of 10 (partial)", "1", "97.00", "99.12", "-2.12"],
      ["0.21M ← 1.68M (KD, T 2, w 0.5)", "10", "1", "99.00", "99.12", "-0.12"],
      ["0.21M ← 1.68M (KD, T 4, w 0.9)", "10", "3", "99.25 ± 0.05", "99.12", "+0.13"],
      ["0.21M ← 1.68M (KD, T 4, w 0.9)", "4 of 10 (partial)", "1", "98.25", "99.12", "-0.87"],
      ["0.21M ← ? (KD, T 4, w 0.9)", "10", "1", "99.50", "99.12", "+0.38"],
      ["1.68M", "10", "1", "99.27", "99.35", "-0.08"],
      ["0.21M", "10", "1", "98.90", "99.01", "-0.11"], // cpo: no distilled runs
    ]);
    expect(md).toContain("| 0.21M ← 1.68M (KD, T 4, w 0.9) | 214,090 | 10 | 60,000 / 10,000 | 3 | 99.25 ± 0.05 | 99.20 ± 0.00 | 99.12 | +0.13 | 1h00m | wasm |");
    expect(groupRuns([run({ distillation: kd }), run({ seed: 1 })], ORDER).map((g) => g.distillation)).toEqual([undefined, kd]);
  });

  it("labels the preset cell with the teacher and escapes what would break the table", () => {
    expect(presetLabel({ preset: "0.21M", distillation: undefined })).toBe("0.21M");
    expect(presetLabel({ preset: "0.21M", distillation: { teacher: "t", teacherPreset: "1.68M", temperature: 4, weight: 0.9 } })).toBe("0.21M ← 1.68M (KD, T 4, w 0.9)");
    const md = buildTables([run({ distillation: { teacher: "t", teacherPreset: "a|b", temperature: 1, weight: 0 } })], PAPER, ORDER);
    expect(md).toContain("| 0.21M ← a\\|b (KD, T 1, w 0) |");
  });

  it("gives nothing for no runs and the same text for the same runs in any order", () => {
    expect(buildTables([], PAPER)).toBe("");
    const a = [run({ seed: 0, bestAccuracy: 99.1 }), run({ seed: 1, bestAccuracy: 99.3 }), run({ preset: "1.68M" })];
    expect(buildTables([...a].reverse(), PAPER, ORDER)).toBe(buildTables(a, PAPER, ORDER));
    expect(groupRuns(a, ORDER).map((g) => g.runs.length)).toEqual([2, 1]);
  });
});
