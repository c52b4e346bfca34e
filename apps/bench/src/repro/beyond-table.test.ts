import { describe, expect, it } from "vitest";
import { augmentRecipe, BEYOND_TITLE, buildBeyondTable } from "./beyond-table.js";
import type { Distillation } from "./run-record.js";
import { runRecord as run } from "./run-record.test-helpers.js";

const PAPER = { "0.21M": { ce: 99.12, cpo: 99.01 }, "0.25M": { ce: 99.03, cpo: 98.95 } };
const ORDER = ["0.21M", "0.25M", "1.68M", "53.53M"];
const KD: Distillation = { teacher: "results/runs/1.68M-ce-seed6737151/best.safetensors", teacherPreset: "1.68M", temperature: 4, weight: 0.9 };

/** The cells of the table's rows (header and rule dropped). */
function rows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| recipe"))
    .map((l) => l.slice(2, -2).split(" | "));
}

const notes = (markdown: string): string[] => markdown.split("\n").filter((l) => l.startsWith("- "));

describe("buildBeyondTable", () => {
  it("gives nothing when every run is of the paper's kind", () => {
    expect(buildBeyondTable([], PAPER, ORDER)).toBe("");
    expect(buildBeyondTable([run({}), run({ loss: "cpo" }), run({ distillation: KD })], PAPER, ORDER)).toBe("");
  });

  it("puts per preset its ce and cpo rows of the paper's protocol first, then variants, then augmented runs", () => {
    const md = buildBeyondTable(
      [
        run({ seed: 1, bestAccuracy: 98.9, finalAccuracy: 98.9, drawnDigits: 95.15 }),
        run({ seed: 2, bestAccuracy: 99.0, finalAccuracy: 99.0 }),
        run({ seed: 1, loss: "cpo", bestAccuracy: 99.03, finalAccuracy: 99.03 }),
        run({ seed: 1, loss: "ce", distillation: KD, bestAccuracy: 99.02 }), // a KD row of Table 6-1: not here
        run({ seed: 1, augmented: true, bestAccuracy: 99.34, finalAccuracy: 99.34, wallSeconds: 830, drawnDigits: 97.6 }),
        run({ seed: 2, augmented: true, bestAccuracy: 99.3, finalAccuracy: 99.3, wallSeconds: 830, drawnDigits: 97.4 }),
        run({ seed: 1, loss: "cpo-all", bestAccuracy: 99.1, finalAccuracy: 99.05, drawnDigits: 96 }),
        run({ seed: 2, loss: "cpo-all", bestAccuracy: 99.0, finalAccuracy: 99.0 }),
        run({ seed: 1, loss: "ce", augmented: true, distillation: KD, bestAccuracy: 99.2, finalAccuracy: 99.2 }),
        run({ seed: 1, loss: "cpo-margin", augmented: true, bestAccuracy: 99.05, finalAccuracy: 99.05 }),
        run({ seed: 1, preset: "1.68M", params: 1680010, bestAccuracy: 99.27 }), // nothing beyond the paper for 1.68M
        run({ seed: 1, preset: "0.25M", loss: "cpo-ce", params: 251530, bestAccuracy: 99.1, finalAccuracy: 99.1 }),
      ],
      PAPER,
      ORDER,
    );
    expect(md.startsWith(`### ${BEYOND_TITLE} (0.21M, 0.25M)\n\n| recipe | params | epochs | seeds | best acc % | final acc % | − our ce | − paper ce | drawn digits % | wall time / run |\n|---|`)).toBe(true);
    expect(rows(md)).toEqual([
      ["0.21M ce (paper protocol)", "214,090", "10", "2", "98.95 ± 0.07", "98.95 ± 0.07", "baseline", "-0.17", "95.15 (1 of 2)", "1h00m"],
      ["0.21M cpo (paper protocol)", "214,090", "10", "1", "99.03", "99.03", "+0.08", "-0.09", "–", "1h00m"],
      ["0.21M cpo-all", "214,090", "10", "2", "99.05 ± 0.07", "99.03 ± 0.04", "+0.10", "-0.07", "96.00 (1 of 2)", "1h00m"],
      ["0.21M ce + augment", "214,090", "10", "2", "99.32 ± 0.03", "99.32 ± 0.03", "+0.37", "+0.20", "97.50 ± 0.14", "13m50s"],
      ["0.21M ce ← 1.68M (KD) + augment", "214,090", "10", "1", "99.20", "99.20", "+0.25", "+0.08", "–", "1h00m"],
      ["0.21M cpo-margin + augment", "214,090", "10", "1", "99.05", "99.05", "+0.10", "-0.07", "–", "1h00m"],
      ["0.25M cpo-ce", "251,530", "10", "1", "99.10", "99.10", "–", "+0.07", "–", "1h00m"],
    ]);
  });

  it("compares with the ce row of the same epochs and images only, and shows partial and limited runs", () => {
    const md = buildBeyondTable(
      [
        run({ seed: 1, bestAccuracy: 99.0 }),
        run({ seed: 2, epochsDone: 3, partial: true, backend: undefined, bestAccuracy: 98.0, finalAccuracy: 98.0 }),
        run({ seed: 1, loss: "cpo-all", epochsDone: 3, partial: true, backend: undefined, bestAccuracy: 98.5, finalAccuracy: 98.4 }),
        run({ seed: 1, loss: "cpo-all", epochsDone: 1, epochsPlanned: 1, trainImages: 4000, testImages: 1000, bestAccuracy: 60, finalAccuracy: 60 }),
        run({ seed: 1, loss: "cpo-all", bestAccuracy: 99.2, drawnDigits: 96 }),
        run({ seed: 3, augmented: true, preset: "custom", params: undefined, bestAccuracy: 97 }),
      ],
      PAPER,
      ORDER,
    );
    expect(rows(md).map((r) => [r[0], r[2], r[6], r[7], r[8]])).toEqual([
      ["0.21M ce (paper protocol)", "10", "baseline", "-0.12", "–"],
      ["0.21M ce (paper protocol)", "3 of 10 (partial)", "baseline", "-1.12", "–"],
      ["0.21M cpo-all", "10", "+0.20", "+0.08", "96.00"],
      ["0.21M cpo-all, 4,000 / 1,000 images", "1", "–", "-39.12", "–"],
      ["0.21M cpo-all", "3 of 10 (partial)", "+0.50", "-0.62", "–"],
      ["custom ce + augment", "10", "–", "–", "–"],
    ]);
    expect(rows(md)[5]![1]).toBe("–");
  });

  it("labels KD settings other than the defaults and escapes what would break the table", () => {
    const md = buildBeyondTable(
      [
        run({ loss: "cpo-ce", distillation: { ...KD, temperature: 2, weight: 0.5 } }),
        run({ loss: "cpo-ce", augmented: true, distillation: { ...KD, teacherPreset: undefined } }),
        run({ loss: "cpo-ce", distillation: { ...KD, teacherPreset: "a|b" } }),
      ],
      PAPER,
      ORDER,
    );
    expect(rows(md).map((r) => r[0])).toEqual(["0.21M cpo-ce ← 1.68M (KD, T 2, w 0.5)", "0.21M cpo-ce ← a\\|b (KD)", "0.21M cpo-ce ← ? (KD) + augment"]);
  });

  it("explains the losses, + augment and KD its rows use, and always the columns and the drawn digits", () => {
    const variantsOnly = notes(buildBeyondTable([run({}), run({ loss: "cpo-margin" })], PAPER, ORDER));
    expect(variantsOnly).toHaveLength(4);
    expect(variantsOnly[0]).toMatch(/^- Recipes: `\(paper protocol\)` rows are the runs of Table 6-1 \/ 6-2 again/);
    expect(variantsOnly[1]).toMatch(/^- − our ce: mean best minus that of the same preset's `ce \(paper protocol\)` row with the same epochs and images/);
    expect(variantsOnly[2]).toBe("- cpo-margin: CPO with a margin: loss = softplus(−β (z_y − z_{y_l} − margin)), the label should lead the hardest wrong class by margin logits; margin 1, β 1.");
    expect(variantsOnly[3]).toMatch(/^- Drawn digits %: accuracy of the run's best.safetensors on the 2,000 held-out pictures of `results\/drawn-digits`/);

    const all = notes(
      buildBeyondTable(
        [run({ loss: "cpo-ce" }), run({ loss: "cpo-all" }), run({ loss: "cpo-margin" }), run({ augmented: true, distillation: KD })],
        PAPER,
        ORDER,
      ),
    );
    expect(all.map((n) => n.slice(2, n.indexOf(":")))).toEqual(["Recipes", "− our ce", "cpo-all", "cpo-ce", "cpo-margin", "+ augment", "← P (KD)", "Drawn digits %"]);
    expect(all[2]).toContain("weighted by its softmax probability among the wrong classes");
    expect(all[2]).toContain("β 1, weightTemperature 1.");
    expect(all[3]).toContain("cross-entropy + λ · CPO");
    expect(all[3]).toContain("λ 1, β 1.");
    expect(all[5]).toContain("`DEFAULT_AUGMENT` of `@llmnist/mnist-data`");
  });

  it("describes --augment from DEFAULT_AUGMENT", () => {
    expect(augmentRecipe()).toBe(
      "rotation ±10°, shift ±2 px, scale ±10%, a smooth elastic field up to 3 px (σ 4); strokes up to 0.5 px thinner or 1 px thicker per side; " +
        "Gaussian blur σ up to 0.5 px; the brightest pixel back to 1; ink gain 1–1.5, gamma 1/1.5–1.5",
    );
    expect(augmentRecipe({ distort: null, stroke: null, blur: { maxSigma: 0 }, normalize: false, contrast: { maxGain: 0, maxGamma: 0.25, maxBrightness: 0.1 } })).toBe(
      "ink gain 1–1, gamma 1/1.25–1.25, brightness ±0.1",
    );
  });

  it("gives the same text for the same runs in any order", () => {
    const records = [run({ seed: 0 }), run({ seed: 1, loss: "cpo-all" }), run({ seed: 2, augmented: true, drawnDigits: 97 }), run({ seed: 3, loss: "cpo" })];
    expect(buildBeyondTable([...records].reverse(), PAPER, ORDER)).toBe(buildBeyondTable(records, PAPER, ORDER));
  });
});
