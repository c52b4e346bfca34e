import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvasSet, toCocoGroundTruth, type SyntheticCocoGroundTruth } from "@llmnist/detect";
import { toGray } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { createRng, deriveSeed } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { decodePng } from "../image/decode-png.js";
import { capture, tempDir } from "../test-helpers.js";

const dir = tempDir("detect-data");
const flags = ["--split", "test", "--count", "3", "--sizes", "96x64,64x80", "--max-digits", "3", "--scale", "0.8-1.6", "--noise", "0.05", "--clutter", "1", "--seed", "7"];
const libraryOptions = { count: 3, seed: 7, sizes: [{ width: 96, height: 64 }, { width: 64, height: 80 }], maxDigits: 3, scale: [0.8, 1.6] as const, noise: 0.05, clutter: 1 };

describe("llmnist detect-data", () => {
  it("writes the library's canvases as PNGs (within 1/255) and their COCO ground truth; detect-eval of the truth as detections gives mAP 1", async () => {
    const out = join(dir, "set");
    const run = await capture(() => runCli(["detect-data", "--out", out, ...flags]));
    expect(run.stderr).toContain("detect-data: 3 canvases (96x64, 64x80) of 1-3 digits from MNIST test (10000 images), seed 7");
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["annotations.json", "images"]);
    expect(readdirSync(join(out, "images"))).toEqual(["000000.png", "000001.png", "000002.png"]);

    const test = await loadMnistSplit("test");
    const set = createCanvasSet(test, libraryOptions, { createRng, deriveSeed });
    const canvases = [0, 1, 2].map((k) => set.canvas(k));
    for (const [k, canvas] of canvases.entries()) {
      const gray = toGray(decodePng(readFileSync(join(out, "images", `00000${k}.png`)), `${k}.png`));
      expect([gray.width, gray.height]).toEqual([canvas.width, canvas.height]);
      let worst = 0;
      canvas.pixels.forEach((p, i) => (worst = Math.max(worst, Math.abs(gray.pixels[i]! - p))));
      expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    }

    const gt = JSON.parse(readFileSync(join(out, "annotations.json"), "utf8")) as SyntheticCocoGroundTruth & { info: Record<string, unknown> };
    const { info, ...coco } = gt;
    expect(coco).toEqual(toCocoGroundTruth(canvases, ["images/000000.png", "images/000001.png", "images/000002.png"]));
    expect(info).toMatchObject({ split: "test", seed: 7, count: 3, polarity: "mixed", unplaced_digits: canvases.reduce((n, c) => n + c.unplaced, 0) });
    expect(gt.annotations.length).toBeGreaterThanOrEqual(3);
    for (const a of gt.annotations) expect(a.category_id).toBe(test.labels[a.source_index]); // from the test split

    const detsPath = join(dir, "dets.json");
    writeFileSync(detsPath, JSON.stringify(gt.annotations.map((a) => ({ image_id: a.image_id, category_id: a.category_id, bbox: a.bbox, score: 1 }))));
    const evaluation = await capture(() => runCli(["detect-eval", "--ground-truth", join(out, "annotations.json"), "--detections", detsPath, "--json"]));
    expect(evaluation.code).toBe(0);
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ map: 1, map_50: 1, map_75: 1 });

    // The same flags again: the same bytes.
    const again = join(dir, "again");
    expect((await capture(() => runCli(["detect-data", "--out", again, ...flags]))).code).toBe(0);
    expect(readFileSync(join(again, "annotations.json"), "utf8")).toBe(readFileSync(join(out, "annotations.json"), "utf8"));
    expect(readFileSync(join(again, "images", "000002.png"))).toEqual(readFileSync(join(out, "images", "000002.png")));
  });

  it("bad values: exit code 2, a message naming the flag, and nothing written", async () => {
    const out = join(dir, "bad");
    const cases: Array<[string[], string]> = [
      [["--width", "8"], "--width: expected an integer in [16, 4096], got 8"],
      [["--height", "5000"], "--height: expected an integer in [16, 4096], got 5000"],
      [["--sizes", "64x64,8x64"], "--sizes (size 2, width): expected an integer in [16, 4096], got 8"],
      [["--sizes", "64by64"], '--sizes: expected WIDTHxHEIGHT pairs separated by commas (e.g. 128x128,256x192), got "64by64"'],
      [["--sizes", "64x64", "--width", "64"], "--sizes and --width/--height do not go together"],
      [["--scale", "2-1"], "--scale: expected [min, max] with min <= max, got [2,1]"],
      [["--scale", "big"], '--scale: expected MIN-MAX (e.g. 0.6-2.0) or one number, got "big"'],
      [["--min-digits", "5", "--max-digits", "2"], "--max-digits: expected an integer >= --min-digits (5), got 2"],
      [["--noise", "2"], "--noise: expected a number in [0, 1], got 2"],
      [["--polarity", "inverted"], '--polarity must be one of light-on-dark, dark-on-light, mixed, got "inverted"'],
      [["--split", "validation"], '--split must be one of train, test, got "validation"'],
      [["--count", "0"], '--count must be a positive integer, got "0"'],
      [["--seed", "x"], '--seed must be an integer, got "x"'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await capture(() => runCli(["detect-data", "--out", out, ...args]));
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toContain(`llmnist detect-data: ${message}`);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes(".tmp-"))).toEqual([]);

    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const taken = await capture(() => runCli(["detect-data", "--out", out, "--count", "1"]));
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`--out ${out} exists and is not empty`);
    expect(readdirSync(out)).toEqual(["keep.txt"]);

    const missing = await capture(() => runCli(["detect-data", "--count", "1"]));
    expect([missing.code, missing.stderr.includes("--out DIR is required")]).toEqual([2, true]);
  });

  it("--help shows the flags and an example", async () => {
    const { code, stdout } = await capture(() => runCli(["detect-data", "--help"]));
    expect(code).toBe(0);
    expect(stdout).toContain("--sizes LIST");
    expect(stdout).toContain("example: llmnist detect-data --out canvases/test --split test");
  });
});
