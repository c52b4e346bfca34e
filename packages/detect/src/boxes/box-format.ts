/** COCO's `[x, y, width, height]` to `[x1, y1, x2, y2]`. */
export function xywhToXyxy(box: ArrayLike<number>): [number, number, number, number] {
  return [box[0]!, box[1]!, box[0]! + box[2]!, box[1]! + box[3]!];
}

/** `[x1, y1, x2, y2]` to COCO's `[x, y, width, height]`. */
export function xyxyToXywh(box: ArrayLike<number>): [number, number, number, number] {
  return [box[0]!, box[1]!, box[2]! - box[0]!, box[3]! - box[1]!];
}
