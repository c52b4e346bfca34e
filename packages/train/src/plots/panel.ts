import { el, num, text } from "./svg.js";
import { tickLabel } from "./ticks.js";

export interface PanelFrame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PanelSeries {
  /** [x, y]; points with a non-finite y are left out and break the line. */
  points: Array<[number, number]>;
  color: string;
  /** class of each point's circle, so tests and stylesheets can find them */
  pointClass: string;
}

export interface PanelSpec {
  frame: PanelFrame;
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
  xLabel?: string;
  yLabel: string;
  series: PanelSeries;
}

/** Maps a value in `domain` onto [from, to] (a zero-width domain maps to the middle). */
export function scale(domain: [number, number], from: number, to: number): (v: number) => number {
  const [d0, d1] = domain;
  if (d1 === d0) return () => (from + to) / 2;
  return (v) => from + ((v - d0) / (d1 - d0)) * (to - from);
}

/** Runs of consecutive finite points: a NaN loss leaves a visible gap instead of a false line. */
export function finiteRuns(points: Array<[number, number]>): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  for (const p of points) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) {
      run.push(p);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** One x/y chart: frame, grid, ticks with labels, axis titles, a line with point markers. */
export function panelSvg(spec: PanelSpec): string {
  const { frame, xDomain, yDomain, series } = spec;
  const x = scale(xDomain, frame.left, frame.left + frame.width);
  const y = scale(yDomain, frame.top + frame.height, frame.top);
  const bottom = frame.top + frame.height;
  const parts: string[] = [];
  for (const t of spec.yTicks) {
    parts.push(el("line", { x1: frame.left, x2: frame.left + frame.width, y1: y(t), y2: y(t), stroke: "#e5e5e5" }));
    parts.push(el("line", { x1: frame.left - 4, x2: frame.left, y1: y(t), y2: y(t), stroke: "#333333" }));
    parts.push(text(frame.left - 7, y(t) + 4, tickLabel(t), { "text-anchor": "end", class: "y-tick" }));
  }
  for (const t of spec.xTicks) {
    parts.push(el("line", { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4, stroke: "#333333" }));
    parts.push(text(x(t), bottom + 17, tickLabel(t), { "text-anchor": "middle", class: "x-tick" }));
  }
  parts.push(el("rect", { x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: "none", stroke: "#333333" }));
  const midY = frame.top + frame.height / 2;
  parts.push(
    text(frame.left - 48, midY, spec.yLabel, {
      "text-anchor": "middle",
      transform: `rotate(-90 ${num(frame.left - 48)} ${num(midY)})`,
      class: "axis-label",
    }),
  );
  if (spec.xLabel !== undefined) {
    parts.push(text(frame.left + frame.width / 2, bottom + 34, spec.xLabel, { "text-anchor": "middle", class: "axis-label" }));
  }
  for (const run of finiteRuns(series.points)) {
    if (run.length > 1) {
      const pts = run.map(([px, py]) => `${num(x(px))},${num(y(py))}`).join(" ");
      parts.push(el("polyline", { points: pts, fill: "none", stroke: series.color, "stroke-width": 2 }));
    }
    for (const [px, py] of run) {
      parts.push(el("circle", { cx: x(px), cy: y(py), r: 3, fill: series.color, class: series.pointClass }));
    }
  }
  return el("g", {}, parts.join(""));
}
