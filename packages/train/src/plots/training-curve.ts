import type { EpochMetrics } from "../types.js";
import { panelSvg, type PanelFrame } from "./panel.js";
import { svgDocument, text } from "./svg.js";
import { niceDomain, niceTicks } from "./ticks.js";

export interface TrainingCurveOptions {
  title?: string;
}

const WIDTH = 640;
const LEFT = 72;
const PLOT_WIDTH = WIDTH - LEFT - 24;
const PANEL_HEIGHT = 180;
const LOSS_TOP = 64;
const ACC_TOP = LOSS_TOP + PANEL_HEIGHT + 40;
const HEIGHT = ACC_TOP + PANEL_HEIGHT + 48;
const LOSS_COLOR = "#d62728";
const ACC_COLOR = "#1f77b4";

const finite = (values: number[]): number[] => values.filter((v) => Number.isFinite(v));

/** Integer epoch ticks: every epoch while they fit, otherwise rounded steps. */
function epochTicks(first: number, last: number): number[] {
  if (last - first <= 12) return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  return niceTicks(first, last, 8).filter((t) => Number.isInteger(t));
}

function epochDomain(epochs: number[]): [number, number] {
  const first = Math.min(...epochs);
  const last = Math.max(...epochs);
  // One epoch: a little room on both sides so the single point sits in the middle.
  return first === last ? [first - 0.5, last + 0.5] : [first, last];
}

function lossDomain(losses: number[]): [number, number] {
  const values = finite(losses);
  if (values.length === 0) return [0, 1];
  // From zero: how far the loss fell is the point of the picture.
  return niceDomain(Math.min(0, ...values), Math.max(...values));
}

function accuracyDomain(accuracies: number[]): [number, number] {
  const values = finite(accuracies);
  if (values.length === 0) return [0, 100];
  const [lo, hi] = niceDomain(Math.min(...values), Math.max(...values));
  return [Math.max(0, lo), Math.min(100, hi)];
}

function bestEpoch(metrics: EpochMetrics[]): EpochMetrics | undefined {
  let best: EpochMetrics | undefined;
  for (const m of metrics) {
    if (Number.isFinite(m.test_accuracy) && (best === undefined || m.test_accuracy > best.test_accuracy)) best = m;
  }
  return best;
}

/**
 * Training loss and test accuracy by epoch as a standalone SVG: two stacked panels sharing
 * the epoch axis (two panels rather than two y axes, so neither scale is read off the other).
 */
export function trainingCurveSvg(metrics: EpochMetrics[], opts: TrainingCurveOptions = {}): string {
  const title = opts.title ?? "Training curve";
  const parts: string[] = [text(WIDTH / 2, 24, title, { "text-anchor": "middle", "font-size": 16, class: "title" })];
  if (metrics.length === 0) {
    parts.push(text(WIDTH / 2, HEIGHT / 2, "no epochs recorded yet", { "text-anchor": "middle", class: "empty" }));
    return svgDocument(WIDTH, HEIGHT, parts.join(""));
  }
  for (const m of metrics) {
    if (!Number.isInteger(m.epoch)) throw new Error(`trainingCurveSvg: epoch must be an integer, got ${m.epoch}`);
  }
  const sorted = [...metrics].sort((a, b) => a.epoch - b.epoch);
  const epochs = sorted.map((m) => m.epoch);
  const xDomain = epochDomain(epochs);
  const xTicks = epochTicks(Math.min(...epochs), Math.max(...epochs));
  const frame = (top: number): PanelFrame => ({ left: LEFT, top, width: PLOT_WIDTH, height: PANEL_HEIGHT });

  const best = bestEpoch(sorted);
  const last = sorted[sorted.length - 1]!;
  const subtitle =
    best === undefined
      ? `${sorted.length} epochs`
      : `best ${best.test_accuracy.toFixed(2)}% (epoch ${best.epoch}), final ${last.test_accuracy.toFixed(2)}% (epoch ${last.epoch})`;
  parts.push(text(WIDTH / 2, 44, subtitle, { "text-anchor": "middle", fill: "#555555", class: "subtitle" }));

  const lossY = lossDomain(sorted.map((m) => m.train_loss));
  parts.push(
    panelSvg({
      frame: frame(LOSS_TOP),
      xDomain,
      yDomain: lossY,
      xTicks,
      yTicks: niceTicks(lossY[0], lossY[1], 4),
      yLabel: "train loss",
      series: { points: sorted.map((m) => [m.epoch, m.train_loss]), color: LOSS_COLOR, pointClass: "loss-point" },
    }),
  );
  const accY = accuracyDomain(sorted.map((m) => m.test_accuracy));
  parts.push(
    panelSvg({
      frame: frame(ACC_TOP),
      xDomain,
      yDomain: accY,
      xTicks,
      yTicks: niceTicks(accY[0], accY[1], 4),
      xLabel: "epoch",
      yLabel: "test accuracy (%)",
      series: { points: sorted.map((m) => [m.epoch, m.test_accuracy]), color: ACC_COLOR, pointClass: "accuracy-point" },
    }),
  );
  return svgDocument(WIDTH, HEIGHT, parts.join(""));
}
