import type { ExampleCanvas, WebDetection } from "../page/protocol.js";

function iou(a: readonly number[], b: readonly number[]): number {
  const w = Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!));
  const h = Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
  const inter = w * h;
  const area = (r: readonly number[]): number => (r[2]! - r[0]!) * (r[3]! - r[1]!);
  return inter / (area(a) + area(b) - inter);
}

/**
 * How many ground-truth digits a detection finds: same digit, IoU >= `minIou`, each
 * detection used once (best score first, as COCO matches).
 */
export function matchedObjects(truth: ExampleCanvas["objects"], detections: readonly WebDetection[], minIou = 0.5): number {
  const free = new Set(truth.map((_, i) => i));
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = minIou;
    for (const i of free) {
      const overlap = iou(truth[i]!.box, d.box);
      if (truth[i]!.digit === d.digit && overlap >= bestIou) [best, bestIou] = [i, overlap];
    }
    if (best >= 0) free.delete(best);
  }
  return truth.length - free.size;
}
