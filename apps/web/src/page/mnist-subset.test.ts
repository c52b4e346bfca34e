import { describe, expect, it } from "vitest";
import type { MnistSplit } from "@llmnist/mnist-data";
import { decodeMnistSubset, encodeMnistSubset } from "./mnist-subset.js";

/** Three digits whose pixels are k / 255, as loadMnist gives them. */
function tinySplit(): MnistSplit {
  const images = new Float32Array(3 * 784).map((_, i) => ((i * 7) % 256) / 255);
  return { name: "tiny", count: 3, images, labels: Uint8Array.from([7, 0, 9]) };
}

describe("MNIST subset files", () => {
  it("keep the first `count` digits exactly (pixels as bytes, / 255 again when read)", () => {
    const split = tinySplit();
    const bytes = encodeMnistSubset(split, 2);
    expect(bytes.length).toBe(16 + 2 * 785);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("LMNS");
    const read = decodeMnistSubset(bytes, "tiny.bin");
    expect(read).toMatchObject({ name: "tiny.bin", count: 2 });
    expect([...read.labels]).toEqual([7, 0]);
    expect(read.images).toEqual(split.images.subarray(0, 2 * 784));
  });

  it("refuse what is not one, saying why", () => {
    const bytes = encodeMnistSubset(tinySplit(), 3);
    expect(() => decodeMnistSubset(bytes.subarray(0, 100), "cut.bin")).toThrow(/cut.bin: .*100 bytes, expected 2371 for 3 digits/);
    const renamed = bytes.slice();
    renamed[0] = 0x58;
    expect(() => decodeMnistSubset(renamed, "x.bin")).toThrow(/starts with "XMNS"/);
    const badLabel = bytes.slice();
    badLabel[17] = 10;
    expect(() => decodeMnistSubset(badLabel, "y.bin")).toThrow(/label 1 is 10/);
    expect(() => encodeMnistSubset(tinySplit(), 4)).toThrow(/4 digits asked of tiny, which has 3/);
  });
});
