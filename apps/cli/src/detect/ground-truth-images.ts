import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../command.js";

/** The images a COCO ground-truth file lists, with their files resolved beside it; errors name the file and field. */
export function readGroundTruthImages(path: string): Array<{ id: number; file: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`${path}: ${code === "ENOENT" ? "no such file" : `not readable JSON (${(error as Error).message})`}`);
  }
  const images = (parsed as { images?: unknown })?.images;
  if (!Array.isArray(images)) throw new UsageError(`${path}: images: expected an array of {id, file_name}, got ${images === undefined ? "nothing" : typeof images}`);
  const seen = new Set<number>();
  return images.map((image: unknown, k) => {
    const { id, file_name: name } = (image ?? {}) as { id?: unknown; file_name?: unknown };
    if (typeof id !== "number" || !Number.isSafeInteger(id)) throw new UsageError(`${path}: images[${k}].id: expected an integer, got ${JSON.stringify(id)}`);
    if (seen.has(id)) throw new UsageError(`${path}: images[${k}].id: ${id} is listed twice`);
    seen.add(id);
    if (typeof name !== "string" || name.length === 0) throw new UsageError(`${path}: images[${k}].file_name: expected a file name, got ${JSON.stringify(name)}`);
    return { id, file: resolve(dirname(path), name) };
  });
}
