import { el } from "./dom.js";
import { LineChart } from "./line-chart.js";
import type { TrainState } from "./protocol.js";

const WIDTH = 360;
const HEIGHT = 150;

/** The training panel's two curves: loss per step (raw and smoothed), held-out accuracy. */
export class TrainCurves {
  readonly element: HTMLElement;
  private readonly loss = new LineChart(WIDTH, HEIGHT, "training loss per step, raw and smoothed");
  private readonly accuracy = new LineChart(WIDTH, HEIGHT, "held-out accuracy on 1000 MNIST test digits");

  constructor() {
    const figure = (chart: LineChart, caption: string): HTMLElement => el("figure", { className: "train-chart" }, chart.canvas, el("figcaption", {}, caption));
    this.element = el(
      "div",
      { className: "train-charts" },
      figure(this.loss, "loss per step (grey), smoothed (blue)"),
      figure(this.accuracy, "held-out accuracy, 1000 MNIST test digits"),
    );
  }

  draw(state: TrainState): void {
    const xMax = Math.max(1, state.totalSteps);
    const highest = Math.max(0.5, ...state.losses.slice(0, 50)); // the first steps' loss sets the scale
    const yMax = Math.min(4, Math.ceil(highest * 2) / 2);
    const steps = (values: readonly number[]): Array<[number, number]> => values.map((v, i) => [i + 1, v]);
    this.loss.draw({ xMax, yMin: 0, yMax, yTicks: [0, yMax / 2, yMax], formatY: (y) => String(Number(y.toFixed(2))) }, [
      { color: "#c4c6cd", lineWidth: 1, points: steps(state.losses) },
      { color: "#1f4fd8", lineWidth: 2, points: steps(state.smoothedLosses) },
    ]);
    this.accuracy.draw({ xMax, yMin: 0, yMax: 100, yTicks: [0, 50, 90], formatY: (y) => `${y}%` }, [
      { color: "#1b7f3b", lineWidth: 2, dots: true, points: state.accuracy.map((p) => [p.step, p.accuracy] as [number, number]) },
    ]);
  }
}
