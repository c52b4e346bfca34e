import { el } from "./dom.js";

/** The 28 x 28 image a model saw, drawn one canvas pixel per MNIST pixel (CSS enlarges it, pixelated). */
export class MnistPreview {
  readonly canvas = el("canvas", { className: "mnist-preview", width: 28, height: 28 });
  private readonly context: CanvasRenderingContext2D;

  constructor() {
    const context = this.canvas.getContext("2d");
    if (!context) throw new Error("this browser gave no 2-D canvas context");
    this.context = context;
    this.show(null);
  }

  /** `pixels`: 784 values in [0, 1], light digit on black as MNIST stores it; null: blank. */
  show(pixels: Float32Array | null): void {
    const image = this.context.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * (pixels?.[i] ?? 0));
      image.data.set([v, v, v, 255], i * 4);
    }
    this.context.putImageData(image, 0, 0);
  }
}
