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
  /** Objects left without any cell: a larger object's centre fell in the same cell. */
  dropped: number;
}

export interface AssignOptions {
  /**
   * Centre sampling (FCOS): besides the cell holding an object's centre, every cell whose own
   * centre lies inside the box and within this many cells of the box centre (on each axis) is
   * responsible for it too, predicting the same box relative to itself. Default 0: the centre
   * cell only (YOLO). 1 gives a digit up to 3 x 3 positive cells, so the class and box terms
   * see several times more examples per canvas; NMS removes the duplicate boxes.
   */
  centerRadius?: number;
}

/** Who holds a cell: centre cells beat sampled ones, then the larger box, then the nearer centre. */
interface Claim {
  object: GroundTruthObject;
  centre: boolean;
  area: number;
  distance: number;
}

function beats(a: Claim, b: Claim): boolean {
  if (a.centre !== b.centre) return a.centre;
  if (a.centre) return a.area > b.area;
  return a.distance < b.distance;
}

/**
 * Assigns each object to the cell that contains its centre (YOLO), and with `centerRadius` to
 * the cells around it (see AssignOptions). When two centres fall in one cell the larger box (by
 * area; equal areas: the first listed) keeps it; an object left without any cell is dropped and
 * counted: with the default 8 px cells that takes two digits narrower than a cell side by side,
 * and a missed small digit costs less than a large one.
 */
export function assignTargets(objectsPerImage: ReadonlyArray<ReadonlyArray<GroundTruthObject>>, layout: GridLayout, options: AssignOptions = {}): GridTargets {
  const { rows, cols, patchSize: p, numClasses } = layout;
  const radius = options.centerRadius ?? 0;
  if (typeof radius !== "number" || !Number.isFinite(radius) || radius < 0) throw new Error(`assignTargets: centerRadius must be a finite number >= 0, got ${String(radius)}`);
  const n = rows * cols;
  const batch = objectsPerImage.length;
  const chosen = new Map<number, Claim>(); // cell (index into [B * n]) -> the object responsible for it
  const claim = (cell: number, candidate: Claim): void => {
    const held = chosen.get(cell);
    if (!held || beats(candidate, held)) chosen.set(cell, candidate);
  };
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
      const area = (x2 - x1) * (y2 - y1);
      const [row, col] = [Math.floor(cy / p), Math.floor(cx / p)];
      claim(b * n + row * cols + col, { object, centre: true, area, distance: 0 });
      if (radius > 0) {
        const reach = Math.ceil(radius) + 1;
        for (let r = Math.max(0, row - reach); r <= Math.min(rows - 1, row + reach); r++) {
          for (let c = Math.max(0, col - reach); c <= Math.min(cols - 1, col + reach); c++) {
            const [px, py] = [(c + 0.5) * p, (r + 0.5) * p];
            const inside = px >= x1 && px < x2 && py >= y1 && py < y2;
            const near = Math.abs(px - cx) <= radius * p && Math.abs(py - cy) <= radius * p;
            if (inside && near && !(r === row && c === col)) claim(b * n + r * cols + c, { object, centre: false, area, distance: (px - cx) ** 2 + (py - cy) ** 2 });
          }
        }
      }
      total++;
    });
  });
  const positives = Int32Array.from([...chosen.keys()].sort((a, b) => a - b));
  const objectness = new Float32Array(batch * n);
  const classes = new Int32Array(positives.length);
  const boxes = new Float32Array(positives.length * 4);
  const assigned = new Set<GroundTruthObject>();
  positives.forEach((cell, i) => {
    const { object } = chosen.get(cell)!;
    assigned.add(object);
    const local = cell % n;
    objectness[cell] = 1;
    classes[i] = object.digit;
    boxes.set(encodeBox(object.box, Math.floor(local / cols), local % cols, layout), i * 4);
  });
  return { batch, rows, cols, objectness, positives, classes, boxes, dropped: total - assigned.size };
}

function checkObject(object: GroundTruthObject, where: string, numClasses: number): void {
  const box = object?.box;
  if (!box || box.length !== 4 || !Array.from(box).every(Number.isFinite)) throw new Error(`${where}: box must be 4 finite numbers [x1, y1, x2, y2], got ${JSON.stringify(box)}`);
  if (!(box[2]! > box[0]!) || !(box[3]! > box[1]!)) throw new Error(`${where}: box [${box.join(", ")}] is empty (need x2 > x1 and y2 > y1)`);
  if (!Number.isInteger(object.digit) || object.digit < 0 || object.digit >= numClasses) {
    throw new Error(`${where}: digit must be an integer in [0, ${numClasses - 1}], got ${String(object.digit)}`);
  }
}
