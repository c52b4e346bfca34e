import { access } from "node:fs/promises";
import { join } from "node:path";
import { verifyMnistChecksum } from "./checksums.js";
import { defaultMnistDir } from "./default-dir.js";
import { readIdxHeader, type IdxHeader } from "./idx.js";
import { readMaybeGzipped } from "./idx-file.js";
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

/**
 * Loads one split; images become float32 pixels / 255. Images and labels live in
 * SharedArrayBuffers, so worker threads can be handed them without a copy; the pixels are
 * converted straight from the file's bytes (no intermediate copy of the payload).
 */
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
  checkImages(images.header, images.path);
  checkLabels(labels.header, labels.payload, labels.path);
  const count = images.header.dims[0]!;
  const labelCount = labels.header.dims[0]!;
  if (count !== labelCount) {
    throw new Error(
      `MNIST ${which}: count mismatch: ${images.path} has ${count} images but ${labels.path} has ${labelCount} labels`,
    );
  }
  return {
    name: which,
    count,
    images: sharedUnitFloats(images.payload), // [count, 28, 28] flattened, pixels / 255
    labels: sharedCopy(labels.payload),
  };
}

async function readMnistFile(
  dir: string,
  name: string,
  verify: boolean,
): Promise<{ header: IdxHeader; payload: Uint8Array; path: string }> {
  const path = await findFile(dir, [name, `${name}.gz`]);
  const bytes = await readMaybeGzipped(path);
  if (verify) verifyMnistChecksum(name, bytes, path);
  const header = readIdxHeader(bytes, path);
  return { header, payload: bytes.subarray(header.offset), path }; // a view: the payload is not copied
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

function checkImages(header: IdxHeader, path: string): void {
  const [, rows, cols] = header.dims;
  if (header.dtype !== "uint8" || header.dims.length !== 3 || rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) {
    throw new Error(
      `${path}: expected MNIST images as 3-D uint8 Nx${MNIST_IMAGE_SIZE}x${MNIST_IMAGE_SIZE}, ` +
        `found ${header.dims.length}-D ${header.dtype} ${header.dims.join("x")}`,
    );
  }
}

function checkLabels(header: IdxHeader, data: Uint8Array, path: string): void {
  if (header.dtype !== "uint8" || header.dims.length !== 1) {
    throw new Error(
      `${path}: expected MNIST labels as 1-D uint8, found ${header.dims.length}-D ${header.dtype} ${header.dims.join("x")}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v >= MNIST_NUM_CLASSES) {
      throw new Error(`${path}: label ${i} is ${v}: expected a digit 0..${MNIST_NUM_CLASSES - 1}`);
    }
  }
}

/** bytes / 255 as float32, in shared memory. */
function sharedUnitFloats(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(pixels.length * Float32Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/** A copy of `bytes` in shared memory. */
function sharedCopy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}
