/**
 * IoU of COCO `[x, y, w, h]` boxes as pycocotools' `maskUtils.iou` computes it for bboxes
 * (maskApi.c `bbIou`), operation for operation so the results are bit-equal: for a crowd
 * ground-truth box the union is the detection's own area (intersection over detection).
 * Writes `out[d * G + g]` for D detections (indices `dets`) and G ground truths (`gts`).
 */
export function cocoBboxIou(
  detBoxes: Float64Array,
  dets: ArrayLike<number>,
  gtBoxes: Float64Array,
  gts: ArrayLike<number>,
  gtCrowd: Uint8Array,
  out: Float64Array,
): void {
  const D = dets.length;
  const G = gts.length;
  for (let gp = 0; gp < G; gp++) {
    const g = gts[gp]! * 4;
    const [gx, gy, gw, gh] = [gtBoxes[g]!, gtBoxes[g + 1]!, gtBoxes[g + 2]!, gtBoxes[g + 3]!];
    const gtArea = gw * gh;
    const crowd = gtCrowd[gts[gp]!] === 1;
    for (let dp = 0; dp < D; dp++) {
      const d = dets[dp]! * 4;
      const [dx, dy, dw, dh] = [detBoxes[d]!, detBoxes[d + 1]!, detBoxes[d + 2]!, detBoxes[d + 3]!];
      out[dp * G + gp] = 0;
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) continue;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) continue;
      const inter = w * h;
      const detArea = dw * dh;
      out[dp * G + gp] = inter / (crowd ? detArea : detArea + gtArea - inter);
    }
  }
}
