import { createCanvasSet, type DigitSplit } from "@llmnist/detect";
import { detectCanvases, type VitDetector } from "@llmnist/vit-detector";
import { median } from "../shared/stats.js";

/** One size x batch cell: canvases/s per round, their median, and detections found (a sanity check). */
export interface DetectCell {
  width: number;
  height: number;
  batch: number;
  canvases_per_s: number[];
  median_canvases_per_s: number;
  /** Mean detections per canvas at the default threshold (0.3): digits are 1..4 per canvas. */
  detections_per_canvas: number;
}

/**
 * Times detectCanvases (forward pass, decoding, NMS at llmnist detect's defaults) over
 * `canvases` seeded canvases of test digits per round, after one untimed batch.
 */
export function measureDetect(model: VitDetector, digits: DigitSplit, o: { width: number; height: number; batch: number; canvases: number; rounds: number }): DetectCell {
  const set = createCanvasSet(digits, { count: o.canvases, seed: 2026, width: o.width, height: o.height });
  const canvases = Array.from({ length: o.canvases }, (_, k) => set.canvas(k));
  const decode = { scoreThreshold: 0.3, nmsIou: 0.5 };
  detectCanvases(model, canvases.slice(0, o.batch), decode); // warm-up: kernels compiled, buffers sized
  const rates: number[] = [];
  let found = 0;
  for (let round = 0; round < o.rounds; round++) {
    found = 0;
    const start = performance.now();
    for (let i = 0; i < canvases.length; i += o.batch) found += detectCanvases(model, canvases.slice(i, i + o.batch), decode).reduce((n, list) => n + list.length, 0);
    rates.push(canvases.length / ((performance.now() - start) / 1000));
  }
  return { width: o.width, height: o.height, batch: o.batch, canvases_per_s: rates, median_canvases_per_s: median(rates), detections_per_canvas: found / canvases.length };
}
