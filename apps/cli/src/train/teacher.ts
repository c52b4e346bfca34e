import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { fnv1aHex } from "@llmnist/train/internal";
import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import type { TrainableModel } from "@llmnist/train";
import { createCountProgress, type ProgressStream } from "../count-progress.js";
import { evaluateWithProgress } from "../eval/evaluate-with-progress.js";
import { loadModelFile } from "../model/load-model.js";

/** A teacher ViT's logits over the training images, and what to record about it. */
export interface TeacherLogits {
  logits: Float32Array; // [train.count, 10]
  preset: string;
  params: number;
  /** Percent on the run's test images. */
  testAccuracy: number;
}

/** Where teacher logits are cached: `LLMNIST_CACHE_DIR`, else `~/.cache/llmnist`. */
export function teacherCacheDir(): string {
  return join(process.env.LLMNIST_CACHE_DIR ?? join(homedir(), ".cache", "llmnist"), "teacher-logits");
}

/**
 * Loads the teacher from `path` and runs it once over every training image (and the test set,
 * for the record). Exact for the paper's protocol, whose training images are never augmented.
 * The training logits are cached by the teacher file's and the images' hashes (a 1.68M teacher
 * takes minutes over 60,000 images), so the seeds of a row share one pass.
 */
export async function computeTeacherLogits(
  path: string,
  teacherHash: string,
  train: MnistSplit,
  test: MnistSplit,
  log: (line: string) => void,
  stream?: ProgressStream,
): Promise<TeacherLogits> {
  const teacher = await loadModelFile(path);
  try {
    log(`teacher: ${teacher.description}`);
    const dataHash = fnv1aHex(new Uint8Array(train.images.buffer, train.images.byteOffset, train.images.byteLength));
    const cached = join(teacherCacheDir(), `${teacherHash}-${dataHash}-${train.count}.f32`);
    let logits = await readCachedLogits(cached, train.count * 10);
    if (logits === null) {
      logits = splitLogits(teacher.model, train, stream);
      await writeFileAtomic(cached, new Uint8Array(logits.buffer, logits.byteOffset, logits.byteLength));
    } else {
      log(`teacher: training logits from the cache ${cached}`);
    }
    const testAccuracy = (await evaluateWithProgress(teacher.model, test, stream === undefined ? {} : { stream })).accuracy;
    log(`teacher: ${testAccuracy.toFixed(2)}% on the ${test.count} test images`);
    return { logits, preset: teacher.preset, params: teacher.model.countParams(), testAccuracy };
  } finally {
    teacher.model.disposeWeights();
  }
}

/** The model's logits `[split.count, 10]` in split order, with a progress line. */
export function splitLogits(model: TrainableModel, split: MnistSplit, stream?: ProgressStream, batchSize = 500): Float32Array {
  const out = new Float32Array(split.count * 10);
  const progress = createCountProgress("teacher logits", split.count, stream);
  try {
    for (let start = 0; start < split.count; start += batchSize) {
      const indices = Uint32Array.from({ length: Math.min(batchSize, split.count - start) }, (_, k) => start + k);
      const rows = tf.tidy(() => {
        const { images } = makeBatch(split, indices);
        const logits = model.forward(images, false);
        if (logits.shape[1] !== 10) throw new Error(`teacher: expected 10 logits per image, got [${logits.shape.join(", ")}]`);
        return logits.dataSync() as Float32Array;
      });
      out.set(rows, start * 10);
      progress.update(start + indices.length);
    }
  } finally {
    progress.done();
  }
  return out;
}

/** The cached logits, or null when absent or not the expected size / not finite (then recomputed). */
async function readCachedLogits(path: string, values: number): Promise<Float32Array | null> {
  if (!existsSync(path)) return null;
  const bytes = await readFile(path);
  if (bytes.byteLength !== values * 4) return null;
  const logits = new Float32Array(values);
  new Uint8Array(logits.buffer).set(bytes);
  return logits.every(Number.isFinite) ? logits : null;
}
