import { hiDpiCanvas } from "./dom.js";

export interface ChartSeries {
  color: string;
  lineWidth: number;
  /** [x, y] in data units, x increasing. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Mark each point (for sparse series such as evaluations). */
  dots?: boolean;
}

export interface ChartAxes {
  /** x runs from 0 to xMax (steps). */
  xMax: number;
  yMin: number;
  yMax: number;
  /** Horizontal grid lines, labelled with formatY. */
  yTicks: readonly number[];
  formatY: (y: number) => string;
}

const MARGIN = { left: 38, right: 10, top: 8, bottom: 20 };

/** Lines over steps on a canvas (no library: a few hundred points redrawn a few times a second). */
export class LineChart {
  readonly canvas: HTMLCanvasElement;
  private readonly clear: () => CanvasRenderingContext2D;

  constructor(
    private readonly width: number,
    private readonly height: number,
    label: string,
  ) {
    ({ canvas: this.canvas, clear: this.clear } = hiDpiCanvas(width, height, "line-chart"));
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", label);
  }

  draw(axes: ChartAxes, series: readonly ChartSeries[]): void {
    const g = this.clear();
    const plotW = this.width - MARGIN.left - MARGIN.right;
    const plotH = this.height - MARGIN.top - MARGIN.bottom;
    const px = (x: number): number => MARGIN.left + (plotW * x) / Math.max(1, axes.xMax);
    const py = (y: number): number => {
      const clamped = Math.min(axes.yMax, Math.max(axes.yMin, y));
      return MARGIN.top + plotH * (1 - (clamped - axes.yMin) / (axes.yMax - axes.yMin));
    };

    g.font = "11px system-ui, sans-serif";
    g.lineWidth = 1;
    g.strokeStyle = "#e3e4e8";
    g.fillStyle = "#666";
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const y of axes.yTicks) {
      g.beginPath();
      g.moveTo(MARGIN.left, py(y));
      g.lineTo(this.width - MARGIN.right, py(y));
      g.stroke();
      g.fillText(axes.formatY(y), MARGIN.left - 4, py(y));
    }
    g.textBaseline = "top";
    g.textAlign = "left";
    g.fillText("0", MARGIN.left, this.height - MARGIN.bottom + 5);
    g.textAlign = "right";
    g.fillText(`step ${axes.xMax}`, this.width - MARGIN.right, this.height - MARGIN.bottom + 5);

    for (const s of series) {
      g.strokeStyle = g.fillStyle = s.color;
      g.lineWidth = s.lineWidth;
      g.beginPath();
      s.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(px(x), py(y)) : g.lineTo(px(x), py(y))));
      g.stroke();
      if (!s.dots) continue;
      for (const [x, y] of s.points) {
        g.beginPath();
        g.arc(px(x), py(y), 2.5, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }
}
