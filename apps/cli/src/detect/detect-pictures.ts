import { toGray } from "@llmnist/mnist-data";
import { detectCanvases, pictureCanvas, type DecodeOptions, type Detection, type VitDetector } from "@llmnist/vit-detector";
import { decodePng } from "../image/decode-png.js";

/** A picture read for the detector, with its file name for messages. */
export interface LoadedPicture {
  file: string;
  width: number;
  height: number;
  canvas: ReturnType<typeof pictureCanvas>;
}

/** PNG bytes -> the detector's input; errors name the file (unreadable, empty or absurd sizes). */
export function readPicture(bytes: Uint8Array, file: string): LoadedPicture {
  const image = decodePng(bytes, file);
  const canvas = pictureCanvas(toGray(image, file), file);
  return { file, width: image.width, height: image.height, canvas };
}

/**
 * Detections for every picture, in order. Pictures of one size share forward passes of up to
 * `batchSize` (padding mixed sizes together would spend work on paper).
 */
export function detectPictures(model: VitDetector, pictures: readonly LoadedPicture[], decode: Omit<DecodeOptions, "imageSizes">, batchSize = 16): Detection[][] {
  const result: Detection[][] = new Array(pictures.length);
  const bySize = new Map<string, number[]>();
  pictures.forEach((p, i) => {
    const key = `${p.width}x${p.height}`;
    const list = bySize.get(key);
    if (list) list.push(i);
    else bySize.set(key, [i]);
  });
  for (const indices of bySize.values()) {
    for (let start = 0; start < indices.length; start += batchSize) {
      const chunk = indices.slice(start, start + batchSize);
      const detections = detectCanvases(model, chunk.map((i) => pictures[i]!.canvas), decode);
      chunk.forEach((i, k) => (result[i] = detections[k]!));
    }
  }
  return result;
}
