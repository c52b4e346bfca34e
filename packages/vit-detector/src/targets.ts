import { encodeBox } from "./box-coding.js";
import type { GridLayout } from "./layout.js";

/** A ground-truth object: `[x1, y1, x2, y2]` in pixels (x2, y2 exclusive) and its digit. */
export interface GroundTruthObject {
  box: readonly number[];
  digit: number;
}

/** What the loss compares the head with, cell by cell (`B * rows * cols` cells, image-major, row-major). */
export interface GridTargets {
  batch: number;
  rows: number;
  cols: number;
  /** 1 where a cell is responsible for an object, else 0: `[B * n]`. */
  objectness: Float32Array;
  /** Indices of the responsible cells into `[B * n]`, ascending. */
  positives: Int32Array;
  /** Their digits, same order. */
  classes: Int32Array;
  /** Their encoded boxes (dx, dy, tw, th; see encodeBox), `[positives, 4]`. */
  boxes: Float32Array;
  /** Objects left without a cell: a larger object's centre fell in the same cell. */
  dropped: number;
}

/**
 * Assigns each object to the one cell that contains its centre (YOLO). When two centres fall
 * in one cell the larger box (by area; equal areas: the first listed) keeps it and the other is
 * dropped and counted: with the default 8 px cells that takes two digits narrower than a cell
 * side by side, and a missed small digit costs less than a large one.
 */
export function assignTargets(objectsPerImage: ReadonlyArray<ReadonlyArray<GroundTruthObject>>, layout: GridLayout): GridTargets {
  const { rows, cols, patchSize: p, numClasses } = layout;
  const n = rows * cols;
  const batch = objectsPerImage.length;
  // cell (index into [B * n]) -> the object responsible for it
  const chosen = new Map<number, { object: GroundTruthObject; area: number }>();
  let total = 0;
  objectsPerImage.forEach((objects, b) => {
    objects.forEach((object, k) => {
      const where = `assignTargets: image ${b}, object ${k}`;
      checkObject(object, where, numClasses);
      const [x1, y1, x2, y2] = object.box as [number, number, number, number];
      const [cx, cy] = [(x1 + x2) / 2, (y1 + y2) / 2];
      if (cx < 0 || cy < 0 || cx >= cols * p || cy >= rows * p) {
        throw new Error(`${where}: box centre (${cx}, ${cy}) is outside the ${cols * p} x ${rows * p} image`);
      }
      const cell = b * n + Math.floor(cy / p) * cols + Math.floor(cx / p);
      const area = (x2 - x1) * (y2 - y1);
      const held = chosen.get(cell);
      if (!held || area > held.area) chosen.set(cell, { object, area });
      total++;
    });
  });
  const positives = Int32Array.from([...chosen.keys()].sort((a, b) => a - b));
  const objectness = new Float32Array(batch * n);
  const classes = new Int32Array(positives.length);
  const boxes = new Float32Array(positives.length * 4);
  positives.forEach((cell, i) => {
    const { object } = chosen.get(cell)!;
    const local = cell % n;
    objectness[cell] = 1;
    classes[i] = object.digit;
    boxes.set(encodeBox(object.box, Math.floor(local / cols), local % cols, layout), i * 4);
  });
  return { batch, rows, cols, objectness, positives, classes, boxes, dropped: total - positives.length };
}

function checkObject(object: GroundTruthObject, where: string, numClasses: number): void {
  const box = object?.box;
  if (!box || box.length !== 4 || !Array.from(box).every(Number.isFinite)) throw new Error(`${where}: box must be 4 finite numbers [x1, y1, x2, y2], got ${JSON.stringify(box)}`);
  if (!(box[2]! > box[0]!) || !(box[3]! > box[1]!)) throw new Error(`${where}: box [${box.join(", ")}] is empty (need x2 > x1 and y2 > y1)`);
  if (!Number.isInteger(object.digit) || object.digit < 0 || object.digit >= numClasses) {
    throw new Error(`${where}: digit must be an integer in [0, ${numClasses - 1}], got ${String(object.digit)}`);
  }
}
