import type { IdxArray } from "@llmnist/mnist-data";
import { readIdxFile } from "@llmnist/mnist-data/node";

/** Labelled pictures of one size from a pair of IDX files (e.g. results/drawn-digits). */
export interface PictureSet {
  /** count * height * width gray bytes, row-major, picture after picture. */
  images: Uint8Array;
  /** count labels, each 0..9. */
  labels: Uint8Array;
  count: number;
  width: number;
  height: number;
  /** The images file, to name pictures in messages: `${source}[i]`. */
  source: string;
}

/**
 * Reads an images IDX file (uint8, N x height x width: any picture size, any polarity) and a
 * labels IDX file (uint8, N, digits 0..9), plain or gzip. Errors name the file and say what was
 * expected and what was found.
 */
export async function readPictureSet(imagesPath: string, labelsPath: string): Promise<PictureSet> {
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  return pictureSetFromIdx(images, imagesPath, labels, labelsPath);
}

/** The checks of readPictureSet on decoded IDX arrays. */
export function pictureSetFromIdx(images: IdxArray, imagesPath: string, labels: IdxArray, labelsPath: string): PictureSet {
  if (images.dtype !== "uint8" || images.dims.length !== 3) {
    throw new Error(`${imagesPath}: expected uint8 pictures of shape N x height x width, got ${images.dtype} of shape ${images.dims.join(" x ")}`);
  }
  if (labels.dtype !== "uint8" || labels.dims.length !== 1) {
    throw new Error(`${labelsPath}: expected uint8 labels of shape N, got ${labels.dtype} of shape ${labels.dims.join(" x ")}`);
  }
  const [count, height, width] = images.dims as [number, number, number];
  if (height === 0 || width === 0) throw new Error(`${imagesPath}: expected pictures of at least 1 x 1 pixels, got ${height} x ${width}`);
  if (labels.dims[0] !== count) {
    throw new Error(`${labelsPath}: expected ${count} labels, one per picture of ${imagesPath}, got ${labels.dims[0]}`);
  }
  const bad = labels.data.findIndex((v) => v > 9);
  if (bad >= 0) throw new Error(`${labelsPath}: label ${bad} is ${labels.data[bad]}, expected a digit 0..9`);
  return { images: images.data, labels: labels.data, count, width, height, source: imagesPath };
}
