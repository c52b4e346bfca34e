// What the page exposes on `window.llmnistWeb` for tests, and the examples' index format
// (written by src/build/examples.ts, read by the page and the tests).

/** One detected digit, `box` = [x1, y1, x2, y2] in detector pixels (the pad shrunk to 160 x 80). */
export interface WebDetection {
  box: [number, number, number, number];
  digit: number;
  score: number;
}

/** A synthetic example canvas in dist/examples/ and its ground truth (boxes in its pixels). */
export interface ExampleCanvas {
  /** File name in examples/, e.g. "example-0.png". */
  image: string;
  width: number;
  height: number;
  objects: Array<{ box: [number, number, number, number]; digit: number }>;
}

export type ModelStatus = "loading" | "ready" | `error: ${string}`;

export interface ClassifyState {
  strokes: number;
  /** The ViT's softmax over 0..9 for the current drawing; null when the pad is empty. */
  probabilities: number[] | null;
  digit: number | null;
  /** MnistVL's answer text and the digit it names (null when it names none). */
  vlAnswer: string | null;
  vlDigit: number | null;
}

export interface DetectState {
  strokes: number;
  /** The example canvas under the strokes, if one was loaded. */
  example: string | null;
  scoreThreshold: number;
  detections: WebDetection[];
}

/** idle: never started; loading: fetching the data; stopped: by the Stop button; failed: an error (in `errors`). */
export type TrainPhase = "idle" | "loading" | "running" | "done" | "stopped" | "failed";

/** Held-out accuracy (% of the 1000 test digits) after `step` steps, `seconds` after Start. */
export interface AccuracyPoint {
  step: number;
  seconds: number;
  accuracy: number;
}

export interface TrainState {
  phase: TrainPhase;
  /** The run's settings: training digits and epochs. */
  images: number;
  epochs: number;
  /** Optimisation steps done (1-based global step) and planned. */
  step: number;
  totalSteps: number;
  epoch: number;
  /** Every step's batch loss, and its smoothed curve (debiased exponential moving average). */
  losses: number[];
  smoothedLosses: number[];
  accuracy: AccuracyPoint[];
  /** The last epoch-end accuracy, once a run is done. */
  finalAccuracy: number | null;
  /** Wall time since Start, and the parts spent training and evaluating. */
  seconds: number;
  trainSeconds: number;
  evalSeconds: number;
  /** Training speed, evaluation excluded. */
  stepsPerSecond: number;
  imagesPerSecond: number;
  /** Seconds left at the pace so far (evaluations included); null before the first step. */
  etaSeconds: number | null;
  /** Whether the drawing pad's ViT is the model trained here. */
  usedByPad: boolean;
}

export interface WebState {
  /** tf.getBackend(), e.g. "wasm" or "cpu". */
  backend: string | null;
  backendDetail: string;
  models: Record<"vit" | "mnistvl" | "detector", ModelStatus>;
  /** Every error the page showed. */
  errors: string[];
  classify: ClassifyState;
  detect: DetectState;
  train: TrainState;
}

export interface LlmnistWeb {
  /** Resolves once the backend is up and every model has loaded (rejects on a load error). */
  ready: Promise<void>;
  /** Resolves when every panel has finished the work its last input asked for (a training run included). */
  settled(): Promise<void>;
  state(): WebState;
}

declare global {
  interface Window {
    llmnistWeb?: LlmnistWeb;
  }
}
