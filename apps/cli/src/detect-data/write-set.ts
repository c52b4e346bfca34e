import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { toCocoGroundTruth, type CanvasLabels, type CanvasSet, type SyntheticCocoGroundTruth } from "@llmnist/detect";
import { createCountProgress, type ProgressStream } from "../count-progress.js";
import { encodeGrayPng } from "./encode-gray-png.js";

export interface WrittenSet {
  images: number;
  objects: number;
  /** Digits asked for that found no free place. */
  unplaced: number;
}

export interface WriteSetOptions {
  /** Extra COCO `info` (how the set was made); `description` is set here. */
  info: Record<string, unknown>;
  /** Stops between canvases; nothing is left behind. */
  signal?: AbortSignal;
  progress?: ProgressStream;
}

/** `images/000042.png`: zero-padded to at least 6 digits so names sort in canvas order. */
export function imageFileName(index: number, count: number): string {
  return `images/${String(index).padStart(Math.max(6, String(count - 1).length), "0")}.png`;
}

/**
 * Writes every canvas of `set` as a gray PNG under `outDir/images/` and their COCO ground truth
 * as `outDir/annotations.json` (file names relative to `outDir`). Atomic: all of it is written to
 * a temporary sibling folder that is renamed to `outDir` at the end, so `outDir` is either
 * complete or absent (an empty `outDir` is replaced); on failure or abort the temporary folder
 * is removed.
 */
export async function writeCanvasSet(set: CanvasSet, outDir: string, options: WriteSetOptions): Promise<WrittenSet> {
  const { count } = set.options;
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(join(tmp, "images"), { recursive: true });
  const progress = createCountProgress("writing", count, options.progress);
  try {
    const labels: CanvasLabels[] = [];
    const names: string[] = [];
    let unplaced = 0;
    let lastUpdate = performance.now();
    for (let k = 0; k < count; k++) {
      if (options.signal?.aborted) throw options.signal.reason;
      const canvas = set.canvas(k);
      const name = imageFileName(k, count);
      await writeFile(join(tmp, name), encodeGrayPng(canvas.pixels, canvas.width, canvas.height));
      // Only the labels stay in memory: a set may be far bigger than RAM as pixels.
      labels.push({ width: canvas.width, height: canvas.height, polarity: canvas.polarity, objects: canvas.objects });
      names.push(name);
      unplaced += canvas.unplaced;
      if (performance.now() - lastUpdate >= 1000) {
        progress.update(k + 1);
        lastUpdate = performance.now();
      }
    }
    progress.done();
    const groundTruth: SyntheticCocoGroundTruth & { info: Record<string, unknown> } = {
      info: { description: "llmnist synthetic digit canvases (llmnist detect-data)", ...options.info, unplaced_digits: unplaced },
      ...toCocoGroundTruth(labels, names),
    };
    await writeFile(join(tmp, "annotations.json"), JSON.stringify(groundTruth) + "\n");
    await replaceWith(tmp, outDir);
    return { images: count, objects: groundTruth.annotations.length, unplaced };
  } catch (error) {
    progress.done();
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** Renames `tmp` to `dest`; an empty `dest` folder is replaced, anything else there is an error. */
async function replaceWith(tmp: string, dest: string): Promise<void> {
  const entries = await readdir(dest).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (entries !== null) {
    if (entries.length > 0) throw new Error(`${dest} appeared while the set was written and is not empty; nothing was written`);
    await rmdir(dest);
  }
  await rename(tmp, dest);
}
