import { describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers.js";
import { readPictureSet } from "./picture-set.js";
import { writeIdx } from "./test-idx.js";

const dir = tempDir("picture-set");
const pictures = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => i);
const images = writeIdx(dir, "images", [3, 4, 5], pictures);
const labels = writeIdx(dir, "labels", [3], Uint8Array.of(7, 0, 9));

describe("readPictureSet", () => {
  it("reads N x height x width uint8 pictures and N labels, plain or gzip", async () => {
    const set = await readPictureSet(images, labels);
    expect(set).toMatchObject({ count: 3, height: 4, width: 5, source: images });
    expect(Array.from(set.images)).toEqual(Array.from(pictures));
    expect(Array.from(set.labels)).toEqual([7, 0, 9]);
    const gz = await readPictureSet(writeIdx(dir, "images.gz", [3, 4, 5], pictures, { gzip: true }), writeIdx(dir, "labels.gz", [3], Uint8Array.of(7, 0, 9), { gzip: true }));
    expect(Array.from(gz.images)).toEqual(Array.from(pictures));
  });

  it("names the file and says what was expected and what was found", async () => {
    const flat = writeIdx(dir, "flat", [12, 5], pictures);
    await expect(readPictureSet(flat, labels)).rejects.toThrow(`${flat}: expected uint8 pictures of shape N x height x width, got uint8 of shape 12 x 5`);
    const floats = writeIdx(dir, "floats", [1, 1, 3], new Uint8Array(12), { code: 0x0d });
    await expect(readPictureSet(floats, labels)).rejects.toThrow(`${floats}: expected uint8 pictures of shape N x height x width, got float32 of shape 1 x 1 x 3`);
    const labels2d = writeIdx(dir, "labels2d", [3, 1], Uint8Array.of(1, 2, 3));
    await expect(readPictureSet(images, labels2d)).rejects.toThrow(`${labels2d}: expected uint8 labels of shape N, got uint8 of shape 3 x 1`);
    const four = writeIdx(dir, "four", [4], Uint8Array.of(1, 2, 3, 4));
    await expect(readPictureSet(images, four)).rejects.toThrow(`${four}: expected 3 labels, one per picture of ${images}, got 4`);
    const twelve = writeIdx(dir, "twelve", [3], Uint8Array.of(1, 12, 3));
    await expect(readPictureSet(images, twelve)).rejects.toThrow(`${twelve}: label 1 is 12, expected a digit 0..9`);
    const empty = writeIdx(dir, "empty", [3, 0, 5], new Uint8Array(0));
    await expect(readPictureSet(empty, labels)).rejects.toThrow(`${empty}: expected pictures of at least 1 x 1 pixels, got 0 x 5`);
    const truncated = writeIdx(dir, "truncated", [3, 4, 5], pictures.subarray(1));
    await expect(readPictureSet(truncated, labels)).rejects.toThrow(`${truncated}: truncated`);
  });
});
