import { MNIST_PIXELS, toMnistDigit } from "@llmnist/mnist-data";
import { describe, expect, it } from "vitest";
import type { PictureSet } from "./picture-set.js";
import { pictureSetToSplit } from "./picture-set-to-split.js";
import { barPicture } from "./test-idx.js";

const size = 32;
// A "1" dark on light, the same light on dark, off centre, and a blank picture.
const pictures = [barPicture(size, 240, 10, [6, 4, 10, 24]), barPicture(size, 5, 250, [20, 8, 23, 30]), barPicture(size, 200, 200, [0, 0, 0, 0])];
const set = (count: number): PictureSet => {
  const images = new Uint8Array(count * size * size);
  pictures.slice(0, count).forEach((p, i) => images.set(p, i * size * size));
  return { images, labels: Uint8Array.of(1, 1, 4).subarray(0, count), count, width: size, height: size, source: "set.idx" };
};

describe("pictureSetToSplit", () => {
  it("brings each picture to MNIST form exactly as toMnistDigit (llmnist predict) does", () => {
    const split = pictureSetToSplit(set(2));
    expect(split).toMatchObject({ name: "set.idx", count: 2 });
    pictures.slice(0, 2).forEach((p, i) => {
      const expected = toMnistDigit({ width: size, height: size, channels: 1, data: p }).pixels;
      expect(Array.from(split.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS))).toEqual(Array.from(expected));
    });
    expect(Array.from(split.labels)).toEqual([1, 1]);
  });

  it("names a picture with no digit by its file and index", () => {
    expect(() => pictureSetToSplit(set(3))).toThrow("set.idx[2]: no digit found: the image is blank");
  });

  it("takes only the first `count` pictures", () => {
    expect(pictureSetToSplit(set(3), 2).count).toBe(2);
  });
});
