import { el } from "./dom.js";

/** Ten bars, one per digit, the most probable highlighted. */
export class BarChart {
  readonly element: HTMLElement;
  private readonly bars: HTMLElement[];

  constructor(label: string) {
    this.bars = Array.from({ length: 10 }, () => el("div", { className: "bar" }));
    const columns = this.bars.map((bar, digit) => el("div", { className: "bar-column" }, el("div", { className: "bar-track" }, bar), el("span", { className: "bar-label" }, String(digit))));
    this.element = el("div", { className: "bar-chart", role: "img", ariaLabel: label }, ...columns);
    this.show(null);
  }

  show(probabilities: readonly number[] | null): void {
    const top = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    this.bars.forEach((bar, digit) => {
      const p = probabilities?.[digit] ?? 0;
      bar.style.height = `${(100 * p).toFixed(1)}%`;
      bar.classList.toggle("top", digit === top);
      bar.parentElement!.title = probabilities ? `${digit}: ${(100 * p).toFixed(1)}%` : `${digit}`;
    });
  }
}
