import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { iou, makeCanvasSet } from "@llmnist/detect";
import { train } from "@llmnist/train";
import { describe, expect, it } from "vitest";
import { sevenSegmentSplit } from "./synthetic-digits.test-helpers.js";
import { detectCanvases, detectorTaskParts, unpackDetections } from "./task.js";
import { createVitDetector } from "./vit-detector.js";

// A tiny detector must be able to learn 4 canvases by heart through the engine: the loss goes
// down and the decoded boxes land on the digits. Canvases of two sizes share batches (padding).
describe("detectorTaskParts with the engine", () => {
  it("overfits 4 synthetic canvases: the loss falls and decodeDetections finds every digit (IoU > 0.5)", async () => {
    await tf.setBackend("cpu");
    const canvases = makeCanvasSet(sevenSegmentSplit(2), {
      count: 4,
      seed: 3,
      sizes: [{ width: 32, height: 32 }, { width: 48, height: 48 }],
      minDigits: 1,
      maxDigits: 2,
      scale: [0.6, 0.9],
    });
    const objects = canvases.flatMap((c) => c.objects);
    expect(objects.length).toBeGreaterThanOrEqual(5);
    const model = createVitDetector({ hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 64 }, { seed: 0 });
    const parts = detectorTaskParts({ model, canvases, test: canvases, decode: { maxDetections: 5, scoreThreshold: 0.3 } });
    expect(parts.inferWidth).toBe(30);

    const losses: number[] = [];
    const metrics: Array<Record<string, number>> = [];
    const result = await train({
      ...parts,
      examples: canvases.length,
      epochs: 40,
      batchSize: 4,
      seed: 0,
      peakLr: 1e-2,
      warmupSteps: 3,
      weightDecay: 0,
      threads: 1,
      onStep: (s) => {
        losses.push(s.loss);
        metrics.push(s.metrics);
      },
    });
    expect(result.completed).toBe(true);
    expect(losses).toHaveLength(40);
    expect(Object.keys(metrics[0]!).sort()).toEqual(["box", "cls", "obj"]);
    expect(losses.at(-1)!).toBeLessThan(0.25 * losses[0]!);

    const found = detectCanvases(model, canvases, { scoreThreshold: 0.3 });
    // infer (the engine's evaluation path) gives the same detections, packed
    const inferred = unpackDetections(parts.infer!(Uint32Array.from([0, 1, 2, 3])), parts.inferWidth);
    canvases.forEach((canvas, k) => {
      expect(inferred[k]!.map((d) => d.digit)).toEqual(found[k]!.slice(0, 5).map((d) => d.digit));
      for (const { box, digit } of canvas.objects) {
        const best = Math.max(0, ...found[k]!.filter((d) => d.digit === digit).map((d) => iou(d.box, box)));
        expect(best, `canvas ${k}, digit ${digit} at [${box.join(", ")}]`).toBeGreaterThan(0.5);
      }
      expect(found[k]!.length).toBe(canvas.objects.length); // no extra boxes above 0.3
    });
    model.disposeWeights();
  });
});
