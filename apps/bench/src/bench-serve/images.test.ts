import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { mnistImagePng } from "./images.js";

describe("mnistImagePng", () => {
  it("encodes image k's pixels back to their bytes in a 28x28 gray PNG", () => {
    const images = new Float32Array(2 * 784);
    images[784 + 0] = 1;
    images[784 + 29] = 128 / 255;
    const png = mnistImagePng({ images }, 1);
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([28, 28, 8, 0]);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw).toHaveLength(29 * 28);
    expect([raw[0], raw[1], raw[2]]).toEqual([0, 255, 0]); // row 0: filter byte, then pixel 0
    expect(raw[29 + 1 + 1]).toBe(128); // row 1, pixel 1
  });
});
