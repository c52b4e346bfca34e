import { describe, expect, it } from "vitest";
import { confusionMatrixSvg } from "./confusion-matrix.js";
import { byClass, parseXml } from "./xml.test-helpers.js";

/** The paper's zero-shot Qwen2.5-VL row 0, and a diagonal elsewhere. */
function paperLike(): number[][] {
  const m: number[][] = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 100 : 0)));
  m[0] = [485, 457, 6, 0, 0, 1, 31, 0, 0, 0];
  return m;
}

describe("confusionMatrixSvg", () => {
  it("draws n*n cells with their counts, row = true class", () => {
    const doc = parseXml(confusionMatrixSvg(paperLike()));
    expect(doc.name).toBe("svg");
    const cells = byClass(doc, "cell");
    expect(cells).toHaveLength(100);
    const counts = byClass(doc, "count").map((e) => Number(e.text));
    expect(counts.slice(0, 10)).toEqual([485, 457, 6, 0, 0, 1, 31, 0, 0, 0]);
    expect(counts[11]).toBe(100);
    // cell [0][1] is in the first row, second column
    expect(Number(cells[1]!.attrs.x)).toBeGreaterThan(Number(cells[0]!.attrs.x));
    expect(cells[1]!.attrs.y).toBe(cells[0]!.attrs.y);
    expect(cells[1]!.children[0]!.text).toBe("true 0, predicted 1: 457");
  });

  it("gives per-row accuracy, row totals and the overall accuracy", () => {
    const doc = parseXml(confusionMatrixSvg(paperLike()));
    const acc = byClass(doc, "row-accuracy").map((e) => e.text);
    expect(acc).toHaveLength(10);
    expect(acc[0]).toBe("49.5%"); // 485 / 980
    expect(acc[1]).toBe("100.0%");
    expect(byClass(doc, "row-total")[0]!.text).toBe("of 980");
    expect(byClass(doc, "subtitle")[0]!.text).toBe("1385 / 1880 correct (73.67%)");
  });

  it("colours correct cells blue and mistakes red, empty cells white", () => {
    const cells = byClass(parseXml(confusionMatrixSvg(paperLike())), "cell");
    const rgb = (fill: string): number[] => fill.slice(4, -1).split(",").map(Number);
    const [r0, , b0] = rgb(cells[0]!.attrs.fill!);
    expect(b0!).toBeGreaterThan(r0!);
    const [r1, , b1] = rgb(cells[1]!.attrs.fill!);
    expect(r1!).toBeGreaterThan(b1!);
    expect(cells[3]!.attrs.fill).toBe("#ffffff");
  });

  it("uses and escapes custom labels and the title", () => {
    const svg = confusionMatrixSvg(
      [
        [3, 1],
        [0, 4],
      ],
      { title: "a<b", labels: ["cat & dog", "\"x\""] },
    );
    const doc = parseXml(svg);
    expect(byClass(doc, "title")[0]!.text).toBe("a<b");
    expect(byClass(doc, "row-label").map((e) => e.text)).toEqual(["cat & dog", '"x"']);
    expect(byClass(doc, "col-label").map((e) => e.text)).toEqual(["cat & dog", '"x"']);
    expect(byClass(doc, "cell")).toHaveLength(4);
  });

  it("shows a dash for a class with no examples", () => {
    const doc = parseXml(
      confusionMatrixSvg([
        [0, 0],
        [1, 2],
      ]),
    );
    expect(byClass(doc, "row-accuracy").map((e) => e.text)).toEqual(["–", "66.7%"]);
  });

  it("rejects malformed input with a clear message", () => {
    expect(() => confusionMatrixSvg([])).toThrow(/empty/);
    expect(() => confusionMatrixSvg([[1, 2], [3]])).toThrow(/row 1 has 1 columns, expected 2/);
    expect(() => confusionMatrixSvg([[1, -1], [0, 0]])).toThrow(/cell \[0\]\[1\] must be a non-negative integer count, got -1/);
    expect(() => confusionMatrixSvg([[1.5]])).toThrow(/non-negative integer/);
    expect(() => confusionMatrixSvg([[1, 0], [0, 1]], { labels: ["a"] })).toThrow(/1 labels for a 2x2 matrix/);
  });
});
