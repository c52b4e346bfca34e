import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { batchCount, batches, makeBatch } from "./batches.js";
import { shuffledIndices } from "./shuffle.js";
import type { MnistSplit } from "./split.js";

/** n synthetic examples: image i is filled with i / 1000, label i % 10. */
function fakeSplit(n: number): MnistSplit {
  const images = new Float32Array(n * 784);
  for (let i = 0; i < n; i++) images.fill(i / 1000, i * 784, (i + 1) * 784);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return { name: "fake", count: n, images, labels };
}

describe("batchCount", () => {
  it("counts full and partial batches", () => {
    expect(batchCount(60000, 32)).toBe(1875);
    expect(batchCount(10000, 32)).toBe(313);
    expect(batchCount(10000, 32, true)).toBe(312);
    expect(batchCount(0, 32)).toBe(0);
    expect(() => batchCount(10, 0)).toThrow("batchCount: batchSize must be a positive integer, got 0");
  });
});

describe("makeBatch", () => {
  it("gathers images [B,28,28,1] float32 and int32 labels in index order", () => {
    const split = fakeSplit(20);
    const { images, labels } = makeBatch(split, [13, 2, 7]);
    expect(images.shape).toEqual([3, 28, 28, 1]);
    expect(images.dtype).toBe("float32");
    expect(labels.shape).toEqual([3]);
    expect(labels.dtype).toBe("int32");
    expect(Array.from(labels.dataSync())).toEqual([3, 2, 7]);
    const px = images.dataSync();
    expect(px[0]).toBeCloseTo(0.013, 7);
    expect(px[783]).toBeCloseTo(0.013, 7);
    expect(px[784]).toBeCloseTo(0.002, 7);
    expect(px[3 * 784 - 1]).toBeCloseTo(0.007, 7);
    tf.dispose([images, labels]);
  });

  it("rejects out-of-range and empty indices", () => {
    const split = fakeSplit(5);
    expect(() => makeBatch(split, [0, 5])).toThrow(
      "makeBatch(fake): indices[1] = 5 is out of range: expected an integer in [0, 5)",
    );
    expect(() => makeBatch(split, [])).toThrow(/indices is empty/);
  });
});

describe("batches", () => {
  it("covers the split in order with a last partial batch (10000 / 32 -> 313, last 16)", () => {
    const split = fakeSplit(10000);
    const before = tf.memory().numTensors;
    let n = 0;
    let next = 0;
    let last = -1;
    for (const b of batches(split, { batchSize: 32 })) {
      expect(b.index).toBe(n);
      expect(b.indices[0]).toBe(next);
      next += b.indices.length;
      last = b.images.shape[0];
      expect(b.labels.shape[0]).toBe(last);
      if (n === 0) expect(b.images.shape).toEqual([32, 28, 28, 1]);
      tf.dispose([b.images, b.labels]);
      n++;
    }
    expect(n).toBe(313);
    expect(last).toBe(16);
    expect(next).toBe(10000);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("drops the last partial batch with dropLast", () => {
    const sizes: number[] = [];
    for (const b of batches(fakeSplit(10), { batchSize: 4, dropLast: true })) {
      sizes.push(b.indices.length);
      tf.dispose([b.images, b.labels]);
    }
    expect(sizes).toEqual([4, 4]);
  });

  it("shuffles by (seed, epoch): same order as shuffledIndices, every example once", () => {
    const split = fakeSplit(10);
    const run = (epoch: number) => {
      const out: number[] = [];
      const labels: number[] = [];
      for (const b of batches(split, { batchSize: 3, shuffle: true, seed: 5, epoch })) {
        out.push(...b.indices);
        labels.push(...b.labels.dataSync());
        tf.dispose([b.images, b.labels]);
      }
      return { out, labels };
    };
    const e0 = run(0);
    expect(e0.out).toEqual(Array.from(shuffledIndices(10, 5, 0)));
    expect([...e0.out].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e0.labels).toEqual(e0.out.map((i) => i % 10));
    expect(run(0).out).toEqual(e0.out);
    expect(run(1).out).not.toEqual(e0.out);
  });

  it("rejects a bad batch size", () => {
    expect(() => batches(fakeSplit(3), { batchSize: 1.5 }).next()).toThrow(
      "batches: batchSize must be a positive integer, got 1.5",
    );
  });
});
