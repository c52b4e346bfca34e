import { el, escapeXml, num, svgDocument, text } from "./svg.js";

export interface ConfusionMatrixOptions {
  title?: string;
  /** Class names, one per row; default "0", "1", ... */
  labels?: string[];
}

const CELL = 44;
const LEFT = 96;
const TOP = 84;
const ACC_COLUMN = 84;

/** Checks that `confusion` is a square matrix of non-negative integer counts. */
function checkConfusion(confusion: number[][]): void {
  const n = confusion.length;
  if (n === 0) throw new Error("confusionMatrixSvg: the confusion matrix is empty");
  confusion.forEach((row, i) => {
    if (row.length !== n) {
      throw new Error(`confusionMatrixSvg: row ${i} has ${row.length} columns, expected ${n} (the matrix must be square)`);
    }
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) {
        throw new Error(`confusionMatrixSvg: cell [${i}][${j}] must be a non-negative integer count, got ${v}`);
      }
    });
  });
}

/** Mixes white into `rgb` by 1 - t (t in [0, 1]): t = 0 is white, t = 1 the full colour. */
function tint(rgb: [number, number, number], t: number): string {
  const c = rgb.map((v) => Math.round(255 - (255 - v) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(",")})`;
}

const CORRECT_RGB: [number, number, number] = [8, 81, 156];
const ERROR_RGB: [number, number, number] = [203, 24, 29];

/** Cell colour by the cell's share of its row: blue on the diagonal, red for mistakes. */
function cellFill(count: number, rowTotal: number, onDiagonal: boolean): string {
  if (rowTotal === 0 || count === 0) return "#ffffff";
  const share = count / rowTotal;
  // Mistakes are rare: a square root lets a 1% confusion still show.
  return onDiagonal ? tint(CORRECT_RGB, share) : tint(ERROR_RGB, Math.sqrt(share));
}

/**
 * A confusion matrix as a standalone SVG heat map: row = true class, column = predicted class,
 * each cell shows its count, with per-row accuracy (recall) and row totals on the right.
 */
export function confusionMatrixSvg(confusion: number[][], opts: ConfusionMatrixOptions = {}): string {
  checkConfusion(confusion);
  const n = confusion.length;
  const labels = opts.labels ?? confusion.map((_, i) => String(i));
  if (labels.length !== n) {
    throw new Error(`confusionMatrixSvg: ${labels.length} labels for a ${n}x${n} matrix`);
  }
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  const gridRight = LEFT + n * CELL;
  const width = gridRight + ACC_COLUMN + 16;
  const height = TOP + n * CELL + 40;
  const parts: string[] = [];

  parts.push(text(width / 2, 22, opts.title ?? "Confusion matrix", { "text-anchor": "middle", "font-size": 16, class: "title" }));
  const overall = total === 0 ? "no examples" : `${correct} / ${total} correct (${((100 * correct) / total).toFixed(2)}%)`;
  parts.push(text(width / 2, 40, overall, { "text-anchor": "middle", fill: "#555555", class: "subtitle" }));
  parts.push(text(LEFT + (n * CELL) / 2, TOP - 26, "predicted", { "text-anchor": "middle", class: "axis-label" }));
  const trueX = LEFT - 36;
  const trueY = TOP + (n * CELL) / 2;
  parts.push(
    text(trueX, trueY, "true", { "text-anchor": "middle", transform: `rotate(-90 ${num(trueX)} ${num(trueY)})`, class: "axis-label" }),
  );
  parts.push(text(gridRight + ACC_COLUMN / 2, TOP - 8, "accuracy", { "text-anchor": "middle", class: "axis-label" }));

  confusion.forEach((row, i) => {
    const y = TOP + i * CELL;
    parts.push(text(LEFT - 8, y + CELL / 2 + 4, labels[i]!, { "text-anchor": "end", class: "row-label" }));
    row.forEach((count, j) => {
      const x = LEFT + j * CELL;
      const fill = cellFill(count, rowTotals[i]!, i === j);
      const dark = i === j && rowTotals[i]! > 0 && count / rowTotals[i]! > 0.5;
      const tooltip = `true ${labels[i]!}, predicted ${labels[j]!}: ${count}`;
      parts.push(
        el("rect", { x, y, width: CELL, height: CELL, fill, stroke: "#d0d0d0", class: "cell" }, el("title", {}, escapeXml(tooltip))),
      );
      parts.push(
        text(x + CELL / 2, y + CELL / 2 + 4, String(count), {
          "text-anchor": "middle",
          "font-size": count >= 1000 ? 11 : 12,
          fill: dark ? "#ffffff" : count === 0 ? "#bbbbbb" : "#222222",
          class: "count",
        }),
      );
    });
    const rowAcc = rowTotals[i] === 0 ? "–" : `${((100 * row[i]!) / rowTotals[i]!).toFixed(1)}%`;
    parts.push(text(gridRight + ACC_COLUMN / 2, y + CELL / 2, rowAcc, { "text-anchor": "middle", class: "row-accuracy" }));
    parts.push(
      text(gridRight + ACC_COLUMN / 2, y + CELL / 2 + 13, `of ${rowTotals[i]!}`, {
        "text-anchor": "middle",
        "font-size": 10,
        fill: "#777777",
        class: "row-total",
      }),
    );
  });
  labels.forEach((label, j) => {
    parts.push(text(LEFT + j * CELL + CELL / 2, TOP - 8, label, { "text-anchor": "middle", class: "col-label" }));
  });
  return svgDocument(width, height, parts.join(""));
}
