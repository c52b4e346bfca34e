import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MNIST_PIXELS, toMnistDigit } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { loadModelFile } from "../model/load-model.js";
import { capture, tempDir, VIT_FIXTURE } from "../test-helpers.js";
import { writeIdx } from "./test-idx.js";

const dir = tempDir("eval-pictures");
const SIZE = 36;
const COUNT = 12;
let images = "";
let labels = "";
let meta = "";
let pictures: Uint8Array;
let digits: Uint8Array;

interface Report {
  checkpoint: string;
  images: string;
  accuracy: number;
  correct: number;
  total: number;
  per_class: Array<number | null>;
  confusion: number[][];
  by?: Record<string, Record<string, { accuracy: number; correct: number; total: number }>>;
}

beforeAll(async () => {
  // MNIST test images 0..11 pasted off centre into 36x36 paper; the odd ones dark on light.
  const test = await loadMnistSplit("test");
  pictures = new Uint8Array(COUNT * SIZE * SIZE);
  for (let i = 0; i < COUNT; i++) {
    const dark = i % 2 === 1;
    const picture = pictures.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE).fill(dark ? 255 : 0);
    const [dx, dy] = [i % 8, (3 * i) % 8];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const v = Math.round(255 * test.images[i * MNIST_PIXELS + y * 28 + x]!);
        picture[(y + dy) * SIZE + x + dx] = dark ? 255 - v : v;
      }
    }
  }
  digits = test.labels.slice(0, COUNT);
  images = writeIdx(dir, "images-idx3-ubyte.gz", [COUNT, SIZE, SIZE], pictures, { gzip: true });
  labels = writeIdx(dir, "labels-idx1-ubyte", [COUNT], digits);
  meta = join(dir, "meta.json");
  const records = Array.from({ length: COUNT }, (_, i) => ({ part: i % 2 === 1 ? "paper" : "mnist", ...(i < 4 ? { font: "Breip" } : {}) }));
  writeFileSync(meta, JSON.stringify({ seed: 1, pictures: records }));
});

const evalPictures = (...extra: string[]) => capture(() => runCli(["eval", "--checkpoint", VIT_FIXTURE, "--images", images, "--labels", labels, ...extra]));

describe("llmnist eval --images --labels", () => {
  it("classifies each picture as predict would (toMnistDigit) and reports accuracy, per class, confusion, per meta field", async () => {
    const { code, stdout } = await evalPictures("--meta", meta, "--by", "part,font", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(Object.keys(report)).toEqual(["checkpoint", "preset", "images", "labels", "accuracy", "correct", "total", "per_class", "confusion", "by"]);
    expect(report.total).toBe(COUNT);
    expect(report.accuracy).toBeCloseTo((100 * report.correct) / COUNT, 10);

    // The same digits, predicted one by one from toMnistDigit's pixels.
    const { model } = await loadModelFile(VIT_FIXTURE);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < COUNT; i++) {
      const data = pictures.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE);
      const pixels = toMnistDigit({ width: SIZE, height: SIZE, channels: 1, data }).pixels;
      const predicted = tf.tidy(() => tf.argMax(model.forward(tf.tensor4d(pixels, [1, 28, 28, 1]), false), 1).dataSync()[0]!);
      confusion[digits[i]!]![predicted]! += 1;
    }
    model.disposeWeights();
    expect(report.confusion).toEqual(confusion);

    expect(Object.keys(report.by!)).toEqual(["part", "font"]);
    expect(Object.keys(report.by!.part!)).toEqual(["mnist", "paper"]);
    expect(Object.keys(report.by!.font!)).toEqual(["-", "Breip"]);
    for (const groups of Object.values(report.by!)) {
      const values = Object.values(groups);
      expect(values.reduce((n, g) => n + g.total, 0)).toBe(COUNT);
      expect(values.reduce((n, g) => n + g.correct, 0)).toBe(report.correct);
    }
    expect(report.by!.font!.Breip!.total).toBe(4);
  });

  it("prints the report with a table per meta field, and --limit takes the first pictures", async () => {
    const { code, stdout } = await evalPictures("--meta", meta, "--by", "part", "--limit", "5");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^accuracy [\d.]+% \(\d+\/5\)/);
    expect(stdout).toContain("confusion matrix (rows: true digit, columns: predicted digit)");
    expect(stdout).toMatch(/accuracy by part\n {2}value {2}accuracy {2}correct\/total\n {2}mnist +[\d.]+% {2}\d+\/3\n {2}paper +[\d.]+% {2}\d+\/2\n/);
  });

  it("refuses wrong flags and files, naming them", async () => {
    const usage = async (args: string[], message: string) => {
      const { code, stderr } = await capture(() => runCli(["eval", "--checkpoint", VIT_FIXTURE, ...args]));
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    };
    await usage(["--images", images], "--images IDX and --labels IDX go together: give both");
    await usage(["--images", images, "--labels", labels, "--meta", meta], "--meta FILE and --by FIELD,... go together: give both");
    await usage(["--meta", meta, "--by", "part"], "--meta and --by go with --images and --labels");
    await usage(["--images", images, "--labels", labels, "--meta", meta, "--by", "part,"], '--by must be field names separated by commas, got "part,"');
    await usage(["--images", join(dir, "nope"), "--labels", labels], `file not found: ${join(dir, "nope")}`);
    await usage(["--images", images, "--labels", labels, "--limit", "13"], `--limit 13 is more than the 12 pictures of ${images}`);

    const { code, stderr } = await evalPictures("--meta", meta, "--by", "fnt");
    expect(code).toBe(1);
    expect(stderr).toContain(`${meta}: no picture has the field "fnt"; fields: part, font`);
    const short = writeIdx(dir, "short-labels", [3], Uint8Array.of(1, 2, 3));
    const mismatch = await capture(() => runCli(["eval", "--checkpoint", VIT_FIXTURE, "--images", images, "--labels", short]));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain(`${short}: expected 12 labels, one per picture of ${images}, got 3`);
  });
});
