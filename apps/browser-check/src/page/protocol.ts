/** What the page (page/main.ts) exposes as `window.llmnistCheck`, and what it returns. */

/** The MNIST test images the page classifies, served as /digits.json. */
export interface Digits {
  /** count * 784 pixels / 255, row-major [count, 28, 28]. */
  images: number[];
  labels: number[];
}

export interface Classification {
  /** tf.getBackend() while classifying. */
  backend: string;
  /** [count, 10]. */
  logits: number[][];
  predictions: number[];
  /** Kernels tfjs ran for the forward pass (tf.profile), e.g. "LlmnistAttention". */
  kernelsRun: string[];
  /** @llmnist/kernels' kernelBuild() in this browser. */
  kernelBuild: string;
  /** Whether this engine validates relaxed SIMD (a hand-made one-instruction module). */
  relaxedSimdValidates: boolean;
}

/** One column of the rendered page: a backend's predictions and how far its logits are from Node's. */
export interface RenderedRun {
  backend: string;
  predictions: number[];
  maxAbsDiffFromNode: number;
}

export interface LlmnistCheck {
  /** Classifies /digits.json with the checkpoint at /model.safetensors on `backend`; rejects if it cannot be set. */
  classify(backend: "wasm" | "webgl" | "cpu"): Promise<Classification>;
  /** Draws the digits with each run's predictions (for the screenshot). */
  render(title: string, runs: RenderedRun[]): Promise<void>;
}

declare global {
  interface Window {
    llmnistCheck?: LlmnistCheck;
  }
}
