import type { Digits, RenderedRun } from "./protocol.js";

const SCALE = 4; // 28 px digits drawn 112 px wide

/** A grid of the digits, each with its label and every run's prediction (a wrong one in red). */
export function renderDigits(root: HTMLElement, title: string, digits: Digits, runs: RenderedRun[]): void {
  root.replaceChildren();
  const heading = document.createElement("h1");
  heading.textContent = title;
  root.append(heading);
  for (const run of runs) {
    const line = document.createElement("p");
    line.textContent = `${run.backend}: max |logit - Node's| = ${run.maxAbsDiffFromNode.toExponential(2)}`;
    root.append(line);
  }
  const grid = document.createElement("div");
  grid.className = "grid";
  for (let i = 0; i < digits.labels.length; i++) {
    const cell = document.createElement("figure");
    cell.append(digitCanvas(digits.images.slice(i * 784, (i + 1) * 784)));
    const caption = document.createElement("figcaption");
    caption.append(`#${i} label ${digits.labels[i]}`);
    for (const run of runs) {
      const prediction = document.createElement("div");
      prediction.textContent = `${run.backend}: ${run.predictions[i]}`;
      if (run.predictions[i] !== digits.labels[i]) prediction.className = "wrong";
      caption.append(prediction);
    }
    cell.append(caption);
    grid.append(cell);
  }
  root.append(grid);
}

function digitCanvas(pixels: number[]): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 28 * SCALE;
  const context = canvas.getContext("2d")!;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const ink = Math.round(255 * (1 - pixels[y * 28 + x]!)); // black ink on white
      context.fillStyle = `rgb(${ink}, ${ink}, ${ink})`;
      context.fillRect(x * SCALE, y * SCALE, SCALE, SCALE);
    }
  }
  return canvas;
}
