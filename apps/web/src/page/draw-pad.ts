import { hiDpiCanvas } from "./dom.js";

interface Point {
  x: number;
  y: number;
}

export interface DrawPadOptions {
  /** Logical size in CSS px (the canvas may be shown smaller: pointer positions are scaled). */
  width: number;
  height: number;
  /** Stroke width in logical px. */
  lineWidth: number;
  className: string;
  label: string;
}

const PAPER = "#ffffff";
const INK = "#111111";

/**
 * A drawing pad for mouse, touch and pen (pointer events): round dark strokes on white paper,
 * over an optional background picture. Keeps the strokes (for undo) in logical coordinates,
 * so it can render itself at any scale, e.g. as a model's input.
 */
export class DrawPad {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly ratio: number;
  private strokes: Point[][] = [];
  private current: Point[] | null = null;
  private background: CanvasImageSource | null = null;

  /** `onChange` runs after each finished stroke, undo, clear or new background. */
  constructor(
    readonly options: DrawPadOptions,
    private readonly onChange: () => void,
  ) {
    const { canvas, context, ratio } = hiDpiCanvas(options.width, options.height, options.className);
    this.canvas = canvas;
    this.context = context;
    this.ratio = ratio;
    canvas.setAttribute("aria-label", options.label);
    canvas.addEventListener("pointerdown", (e) => this.start(e));
    canvas.addEventListener("pointermove", (e) => this.extend(e));
    canvas.addEventListener("pointerup", () => this.finish());
    canvas.addEventListener("pointercancel", () => this.finish());
    this.redraw();
  }

  get strokeCount(): number {
    return this.strokes.length;
  }

  get isBlank(): boolean {
    return this.strokes.length === 0 && this.background === null;
  }

  clear(): void {
    this.strokes = [];
    this.current = null;
    this.background = null;
    this.changed();
  }

  undo(): void {
    if (this.strokes.pop() !== undefined) this.changed();
  }

  /** A picture under the strokes, stretched to the pad; the strokes are cleared. */
  setBackground(picture: CanvasImageSource): void {
    this.strokes = [];
    this.current = null;
    this.background = picture;
    this.changed();
  }

  /** Paper, background and strokes into `context`, `scale` device px per logical px. */
  renderTo(context: CanvasRenderingContext2D, scale: number): void {
    const { width, height, lineWidth } = this.options;
    context.save();
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.fillStyle = PAPER;
    context.fillRect(0, 0, width, height);
    if (this.background) {
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = "high";
      context.drawImage(this.background, 0, 0, width, height);
    }
    context.strokeStyle = context.fillStyle = INK;
    context.lineWidth = lineWidth;
    context.lineCap = context.lineJoin = "round";
    for (const stroke of this.current ? [...this.strokes, this.current] : this.strokes) drawStroke(context, stroke, lineWidth);
    context.restore();
  }

  private changed(): void {
    this.redraw();
    this.onChange();
  }

  private redraw(): void {
    this.renderTo(this.context, this.ratio);
  }

  private point(event: PointerEvent): Point {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * this.options.width) / rect.width,
      y: ((event.clientY - rect.top) * this.options.height) / rect.height,
    };
  }

  private start(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.current = [this.point(event)];
    this.redraw();
  }

  private extend(event: PointerEvent): void {
    if (!this.current) return;
    // Coalesced events: every sample a fast pen or finger gave since the last frame.
    for (const e of event.getCoalescedEvents?.() ?? [event]) this.current.push(this.point(e));
    this.redraw();
  }

  private finish(): void {
    if (!this.current) return;
    this.strokes.push(this.current);
    this.current = null;
    this.changed();
  }
}

function drawStroke(context: CanvasRenderingContext2D, stroke: Point[], lineWidth: number): void {
  const [first, ...rest] = stroke;
  if (!first) return;
  context.beginPath();
  if (rest.length === 0) {
    context.arc(first.x, first.y, lineWidth / 2, 0, 2 * Math.PI); // a tap: a dot
    context.fill();
    return;
  }
  context.moveTo(first.x, first.y);
  for (const p of rest) context.lineTo(p.x, p.y);
  context.stroke();
}
