/**
 * Boxes as the box functions take them: `[x1, y1, x2, y2]` rows (`number[][]`), or flat, four
 * numbers per box (`number[]`, `Float32Array`, `Float64Array`).
 */
export type BoxesInput = ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

const shown = (values: ArrayLike<number>): string => `[${Array.from(values).join(", ")}]`;

/** One box `[x1, y1, x2, y2]` checked: four finite numbers, x2 >= x1, y2 >= y1. `where` names it in errors. */
export function checkBox(box: ArrayLike<number> | undefined, where: string): void {
  if (box === null || typeof box !== "object" || box.length !== 4) {
    throw new Error(`${where}: expected 4 numbers [x1, y1, x2, y2], got ${describe(box)}`);
  }
  for (let c = 0; c < 4; c++) {
    const v = box[c];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: expected 4 finite numbers [x1, y1, x2, y2], got ${describe(box)}`);
  }
  const [x1, y1, x2, y2] = [box[0]!, box[1]!, box[2]!, box[3]!];
  if (x2 < x1) throw new Error(`${where}: x2 = ${x2} is less than x1 = ${x1} (boxes are [x1, y1, x2, y2])`);
  if (y2 < y1) throw new Error(`${where}: y2 = ${y2} is less than y1 = ${y1} (boxes are [x1, y1, x2, y2])`);
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  if (typeof (value as ArrayLike<number>).length === "number") return shown(value as ArrayLike<number>);
  return JSON.stringify(value);
}

/**
 * Boxes copied into one flat float64 array (`[n * 4]`: x1, y1, x2, y2 per box), each checked;
 * errors name `fn`, `arg` and the box index.
 */
export function readBoxes(boxes: BoxesInput, fn: string, arg = "boxes"): Float64Array {
  if (boxes === null || typeof boxes !== "object" || typeof boxes.length !== "number") {
    throw new Error(`${fn}: ${arg} must be an array of [x1, y1, x2, y2] boxes or a flat array of 4 numbers per box, got ${String(boxes)}`);
  }
  const rows = boxes.length > 0 && typeof boxes[0] === "object";
  if (!rows && boxes.length % 4 !== 0) {
    throw new Error(`${fn}: ${arg} is flat (numbers) with length ${boxes.length}, which is not a multiple of 4 (x1, y1, x2, y2 per box)`);
  }
  const count = rows ? boxes.length : boxes.length / 4;
  const out = new Float64Array(count * 4); // [n, 4]
  for (let i = 0; i < count; i++) {
    const box = rows ? (boxes as ReadonlyArray<ArrayLike<number>>)[i] : (Array.prototype.slice.call(boxes, i * 4, i * 4 + 4) as number[]);
    checkBox(box, `${fn}: ${arg}[${i}]`);
    for (let c = 0; c < 4; c++) out[i * 4 + c] = box![c]!;
  }
  return out;
}

/** `count` finite numbers (scores) as float64; errors name `fn`, `arg` and the index. */
export function readFiniteNumbers(values: ArrayLike<number>, count: number, fn: string, arg: string): Float64Array {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new Error(`${fn}: ${arg} must be an array of ${count} numbers, got ${String(values)}`);
  }
  if (values.length !== count) throw new Error(`${fn}: ${arg} has ${values.length} entries but there are ${count} boxes`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: ${arg}[${i}]: expected a finite number, got ${String(v)}`);
    out[i] = v;
  }
  return out;
}
