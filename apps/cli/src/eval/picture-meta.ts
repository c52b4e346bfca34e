import { readFile } from "node:fs/promises";

/** One record per picture, as in results/drawn-digits/meta.json's `pictures`. */
export type PictureMeta = Array<Record<string, unknown>>;

/** The value shown for a picture whose record lacks the field (e.g. `font` of a stroke picture). */
export const NO_VALUE = "-";

/**
 * Reads a meta file: a JSON array with one object per picture, or an object whose `pictures`
 * is that array. It must describe exactly `count` pictures, in the images file's order.
 */
export async function readPictureMeta(path: string, count: number): Promise<PictureMeta> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not readable JSON: ${(error as Error).message}`);
  }
  return pictureMetaFrom(parsed, path, count);
}

/** The checks of readPictureMeta on parsed JSON. */
export function pictureMetaFrom(parsed: unknown, path: string, count: number): PictureMeta {
  const list = Array.isArray(parsed) ? parsed : (parsed as { pictures?: unknown } | null)?.pictures;
  if (!Array.isArray(list)) throw new Error(`${path}: expected an array of per-picture objects, or an object with a "pictures" array`);
  if (list.length !== count) throw new Error(`${path}: expected ${count} picture records, one per picture, got ${list.length}`);
  const bad = list.findIndex((r) => typeof r !== "object" || r === null || Array.isArray(r));
  if (bad >= 0) throw new Error(`${path}: picture record ${bad} is ${JSON.stringify(list[bad])}, expected an object`);
  return list as PictureMeta;
}

/**
 * Each picture's value of `field` as text (NO_VALUE where its record lacks it), for the first
 * `count` pictures. A field no record has is refused, listing the fields there are.
 */
export function fieldValues(meta: PictureMeta, field: string, path: string, count = meta.length): string[] {
  if (!meta.some((r) => field in r)) {
    const fields = [...new Set(meta.flatMap((r) => Object.keys(r)))];
    throw new Error(`${path}: no picture has the field "${field}"; fields: ${fields.join(", ")}`);
  }
  return meta.slice(0, count).map((r) => {
    const v = r[field];
    return v === undefined || v === null ? NO_VALUE : typeof v === "string" ? v : JSON.stringify(v);
  });
}
