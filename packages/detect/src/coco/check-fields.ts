import { shownValue } from "./format-error.js";

type Fail = (where: string, message: string) => never;

/** An integer id field (`record[key]`). */
export function readId(record: Record<string, unknown>, key: string, where: string, fail: Fail): number {
  const value = record[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) fail(`${where}.${key}`, `: expected an integer id, got ${shownValue(value)}`);
  return value as number;
}

/** A COCO `[x, y, width, height]` box: 4 finite numbers, width and height >= 0; written to `out` at box `index`. */
export function readBbox(value: unknown, where: string, fail: Fail, out: Float64Array, index: number): void {
  const ok = Array.isArray(value) && value.length === 4 && value.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!ok) fail(where, `: expected 4 finite numbers [x, y, width, height], got ${shownValue(value)}`);
  const box = value as number[];
  if (box[2]! < 0 || box[3]! < 0) fail(where, `: width and height must be >= 0, got ${shownValue(box)}`);
  for (let c = 0; c < 4; c++) out[index * 4 + c] = box[c]!;
}
