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

export interface WebState {
  /** tf.getBackend(), e.g. "wasm" or "cpu". */
  backend: string | null;
  backendDetail: string;
  models: Record<"vit" | "mnistvl" | "detector", ModelStatus>;
  /** Every error the page showed. */
  errors: string[];
  classify: ClassifyState;
  detect: DetectState;
}

export interface LlmnistWeb {
  /** Resolves once the backend is up and every model has loaded (rejects on a load error). */
  ready: Promise<void>;
  /** Resolves when every panel has finished the work its last input asked for. */
  settled(): Promise<void>;
  state(): WebState;
}

declare global {
  interface Window {
    llmnistWeb?: LlmnistWeb;
  }
}
