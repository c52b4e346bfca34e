import { access } from "node:fs/promises";
import { join } from "node:path";
import { verifyMnistChecksum } from "./checksums.js";
import { defaultMnistDir } from "./default-dir.js";
import { readIdx, readMaybeGzipped, type IdxArray } from "./idx.js";
import {
  MNIST_IMAGE_SIZE,
  MNIST_NUM_CLASSES,
  type MnistDataset,
  type MnistSplit,
} from "./split.js";

/** Options for loadMnist / loadMnistSplit. */
export interface LoadMnistOptions {
  /** Folder with the IDX files (each plain or `.gz`); default: defaultMnistDir(). */
  dir?: string;
  /** Check the SHA-256 of each (decompressed) file; default true. */
  verify?: boolean;
}

/** Standard MNIST file names (without `.gz`). */
export const MNIST_FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

/** Loads both splits (train: 60000, test: 10000). */
export async function loadMnist(opts: LoadMnistOptions = {}): Promise<MnistDataset> {
  const dir = opts.dir ?? defaultMnistDir();
  const [train, test] = await Promise.all([
    loadMnistSplit("train", { ...opts, dir }),
    loadMnistSplit("test", { ...opts, dir }),
  ]);
  return { train, test, dir };
}

/** Loads one split; images become float32 pixels / 255. */
export async function loadMnistSplit(
  which: "train" | "test",
  opts: LoadMnistOptions = {},
): Promise<MnistSplit> {
  const files = MNIST_FILES[which];
  if (files === undefined) {
    throw new Error(`loadMnistSplit: split must be "train" or "test", got ${JSON.stringify(which)}`);
  }
  const dir = opts.dir ?? defaultMnistDir();
  const verify = opts.verify ?? true;
  const [images, labels] = await Promise.all([
    readMnistFile(dir, files.images, verify),
    readMnistFile(dir, files.labels, verify),
  ]);
  const imageIdx = images.idx;
  const labelIdx = labels.idx;
  checkImages(imageIdx, images.path);
  checkLabels(labelIdx, labels.path);
  const count = imageIdx.dims[0]!;
  const labelCount = labelIdx.dims[0]!;
  if (count !== labelCount) {
    throw new Error(
      `MNIST ${which}: count mismatch: ${images.path} has ${count} images but ${labels.path} has ${labelCount} labels`,
    );
  }
  return {
    name: which,
    count,
    images: toUnitFloat(imageIdx.data), // [count, 28, 28] flattened, pixels / 255
    labels: labelIdx.data,
  };
}

async function readMnistFile(
  dir: string,
  name: string,
  verify: boolean,
): Promise<{ idx: IdxArray; path: string }> {
  const path = await findFile(dir, [name, `${name}.gz`]);
  const bytes = await readMaybeGzipped(path);
  if (verify) verifyMnistChecksum(name, bytes, path);
  return { idx: readIdx(bytes, path), path };
}

async function findFile(dir: string, names: readonly string[]): Promise<string> {
  for (const name of names) {
    const path = join(dir, name);
    try {
      await access(path);
      return path;
    } catch {
      // try the next name
    }
  }
  throw new Error(`MNIST file not found in ${dir}: looked for ${names.join(", ")}`);
}

type Uint8Idx = Extract<IdxArray, { dtype: "uint8" }>;

function checkImages(idx: IdxArray, path: string): asserts idx is Uint8Idx {
  const [, rows, cols] = idx.dims;
  if (idx.dtype !== "uint8" || idx.dims.length !== 3 || rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) {
    throw new Error(
      `${path}: expected MNIST images as 3-D uint8 Nx${MNIST_IMAGE_SIZE}x${MNIST_IMAGE_SIZE}, ` +
        `found ${idx.dims.length}-D ${idx.dtype} ${idx.dims.join("x")}`,
    );
  }
}

function checkLabels(idx: IdxArray, path: string): asserts idx is Uint8Idx {
  if (idx.dtype !== "uint8" || idx.dims.length !== 1) {
    throw new Error(
      `${path}: expected MNIST labels as 1-D uint8, found ${idx.dims.length}-D ${idx.dtype} ${idx.dims.join("x")}`,
    );
  }
  const data = idx.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v >= MNIST_NUM_CLASSES) {
      throw new Error(`${path}: label ${i} is ${v}: expected a digit 0..${MNIST_NUM_CLASSES - 1}`);
    }
  }
}

function toUnitFloat(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}
