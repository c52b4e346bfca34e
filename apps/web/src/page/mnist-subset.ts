// The MNIST subsets the page trains and evaluates on (dist/data/), written by the build
// (src/build/train-data.ts) and read by the training panel.
//
// File layout (little-endian), one byte per pixel so 12000 digits take 9.4 MB, not 37.6:
//   bytes 0-3    "LMNS" (llmnist MNIST subset)
//   bytes 4-7    uint32 count
//   bytes 8-11   uint32 rows (28)
//   bytes 12-15  uint32 cols (28)
//   count bytes: labels 0..9
//   count * rows * cols bytes: pixels 0..255, row-major, MNIST's white digit on black
import { MNIST_IMAGE_SIZE, MNIST_NUM_CLASSES, MNIST_PIXELS, type MnistSplit } from "@llmnist/mnist-data";

/** The files in dist/data/: the first 12000 MNIST training digits, the first 1000 test digits. */
export const SUBSET_FILES = { train: "mnist-train-12000.bin", test: "mnist-test-1000.bin" } as const;
export const SUBSET_COUNTS = { train: 12000, test: 1000 } as const;

const MAGIC = "LMNS";
const HEADER_BYTES = 16;

/** The file for `split`'s first `count` digits (its images are pixels / 255, as loadMnist gives them). */
export function encodeMnistSubset(split: MnistSplit, count: number): Uint8Array {
  if (count > split.count) throw new Error(`encodeMnistSubset: ${count} digits asked of ${split.name}, which has ${split.count}`);
  const bytes = new Uint8Array(HEADER_BYTES + count * (1 + MNIST_PIXELS));
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  [count, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  bytes.set(split.labels.subarray(0, count), HEADER_BYTES);
  const pixels = bytes.subarray(HEADER_BYTES + count);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(split.images[i]! * 255); // exact: the floats are k / 255
  return bytes;
}

/** A file written by encodeMnistSubset as an MnistSplit (pixels / 255, like loadMnist's). */
export function decodeMnistSubset(bytes: Uint8Array, name: string): MnistSplit {
  const fail = (why: string): never => {
    throw new Error(`${name}: not an MNIST subset file: ${why}`);
  };
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== MAGIC) fail(`starts with ${JSON.stringify(magic)}, expected "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [count, rows, cols] = [0, 1, 2].map((i) => view.getUint32(4 + 4 * i, true)) as [number, number, number];
  if (rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) fail(`${rows} x ${cols} images, expected 28 x 28`);
  const expected = HEADER_BYTES + count * (1 + MNIST_PIXELS);
  if (bytes.length !== expected) fail(`${bytes.length} bytes, expected ${expected} for ${count} digits`);
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + count);
  const bad = labels.findIndex((y) => y >= MNIST_NUM_CLASSES);
  if (bad >= 0) fail(`label ${bad} is ${labels[bad]}, not a digit`);
  const pixels = bytes.subarray(HEADER_BYTES + count);
  const images = new Float32Array(pixels.length); // [count, 28, 28] flattened
  for (let i = 0; i < pixels.length; i++) images[i] = pixels[i]! / 255;
  return { name, count, images, labels };
}
