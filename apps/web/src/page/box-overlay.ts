import { hiDpiCanvas } from "./dom.js";
import type { WebDetection } from "./protocol.js";

/** One colour per digit, readable on white and on black. */
const DIGIT_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#0a9396", "#f032e6", "#9a6324", "#808000", "#000075"];

/** A transparent canvas over a pad: each detection as a coloured box labelled "digit score". */
export class BoxOverlay {
  readonly canvas: HTMLCanvasElement;
  private readonly clear: () => CanvasRenderingContext2D;

  /** `width` x `height` logical px; boxes come in picture px, `scale` logical px each. */
  constructor(
    width: number,
    height: number,
    private readonly scale: number,
  ) {
    ({ canvas: this.canvas, clear: this.clear } = hiDpiCanvas(width, height, "box-overlay"));
  }

  show(detections: readonly WebDetection[]): void {
    const c = this.clear();
    c.lineWidth = 2;
    c.font = "bold 13px system-ui, sans-serif";
    c.textBaseline = "bottom";
    for (const { box, digit, score } of detections) {
      const [x1, y1, x2, y2] = box.map((v) => v * this.scale) as [number, number, number, number];
      const colour = DIGIT_COLOURS[digit] ?? "#000";
      c.strokeStyle = c.fillStyle = colour;
      c.strokeRect(x1, y1, x2 - x1, y2 - y1);
      const label = `${digit} ${score.toFixed(2)}`;
      const labelWidth = c.measureText(label).width + 6;
      const top = y1 >= 16 ? y1 - 16 : y2; // above the box, or below it at the top edge
      c.fillRect(x1 - 1, top, labelWidth, 16);
      c.fillStyle = "#fff";
      c.fillText(label, x1 + 2, top + 15);
    }
  }
}
