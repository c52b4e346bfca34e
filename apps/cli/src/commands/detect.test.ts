import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { selectBackend } from "@llmnist/train/node";
import { createVitDetector } from "@llmnist/vit-detector";
import { saveVitDetector } from "@llmnist/vit-detector/node";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { encodeGrayPng } from "../detect-data/encode-gray-png.js";
import { capture, tempDir } from "../test-helpers.js";

const dir = tempDir("detect");
const checkpoint = join(dir, "tiny-detector.safetensors");
const grayPng = join(dir, "gray.png");
const colourPng = join(dir, "colour.png");

beforeAll(async () => {
  await selectBackend({ prefer: "auto" });
  // A small random detector: these tests are about the command, not about accuracy.
  const model = createVitDetector({ hiddenSize: 16, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 32, objectnessPrior: 0.5 }, { seed: 3 });
  await saveVitDetector(model, checkpoint);
  model.disposeWeights();
  const pixels = new Float32Array(40 * 24);
  for (let y = 6; y < 18; y++) pixels.fill(1, y * 40 + 10, y * 40 + 14); // a light "1" on black
  writeFileSync(grayPng, encodeGrayPng(pixels, 40, 24));
  const png = new PNG({ width: 64, height: 48 });
  png.data.fill(255); // white, opaque
  for (let y = 10; y < 30; y++) for (let x = 20; x < 26; x++) png.data.set([200, 20, 20, 255], (y * 64 + x) * 4);
  writeFileSync(colourPng, PNG.sync.write(png));
});

describe("llmnist detect", () => {
  it("--json prints one object per image with boxes inside the picture, digits, and scores above the threshold, best first", async () => {
    const { code, stdout, stderr } = await capture(() => runCli(["detect", grayPng, colourPng, "--checkpoint", checkpoint, "--json", "--score-threshold", "0.05", "--max-detections", "7"]));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { file: string; width: number; height: number; detections: Array<{ box: number[]; digit: number; score: number }> });
    expect(lines.map((l) => [l.file, l.width, l.height])).toEqual([
      [grayPng, 40, 24],
      [colourPng, 64, 48],
    ]);
    for (const line of lines) {
      expect(line.detections.length).toBeGreaterThan(0); // an objectness prior of 0.5 scores every cell
      expect(line.detections.length).toBeLessThanOrEqual(7);
      const scores = line.detections.map((d) => d.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const d of line.detections) {
        expect(d.score).toBeGreaterThanOrEqual(0.05);
        expect(Number.isInteger(d.digit) && d.digit >= 0 && d.digit <= 9).toBe(true);
        const [x1, y1, x2, y2] = d.box as [number, number, number, number];
        expect(0 <= x1 && x1 < x2 && x2 <= line.width && 0 <= y1 && y1 < y2 && y2 <= line.height).toBe(true);
      }
    }
    expect(stderr).toMatch(/detector: .*tiny-detector\.safetensors/);
  });

  it("--draw writes the picture with its boxes as a PNG of the same size", async () => {
    const out = join(dir, "drawn");
    const { code, stdout } = await capture(() => runCli(["detect", colourPng, "--checkpoint", checkpoint, "--draw", out, "--score-threshold", "0.05"]));
    expect(code).toBe(0);
    expect(stdout).toMatch(/colour\.png: \d+ digits?/);
    const drawn = PNG.sync.read(readFileSync(join(out, "colour.detections.png")));
    expect([drawn.width, drawn.height]).toEqual([64, 48]);
    const original = PNG.sync.read(readFileSync(colourPng));
    expect(Buffer.compare(drawn.data, original.data)).not.toBe(0); // boxes were drawn
  });

  it("--soft-nms keeps more (decayed) boxes than greedy NMS at the same threshold", async () => {
    const run = async (extra: string[]) => {
      const { stdout } = await capture(() => runCli(["detect", colourPng, "--checkpoint", checkpoint, "--json", "--score-threshold", "0.01", ...extra]));
      return (JSON.parse(stdout) as { detections: unknown[] }).detections.length;
    };
    expect(await run(["--soft-nms"])).toBeGreaterThan(await run([]));
  });

  it("--ground-truth writes COCO results for every listed image that detect-eval reads", async () => {
    const set = join(dir, "set");
    expect((await capture(() => runCli(["detect-data", "--out", set, "--split", "test", "--count", "3", "--sizes", "48x48,64x32", "--seed", "5"]))).code).toBe(0);
    const dets = join(dir, "dets.json");
    const gt = join(set, "annotations.json");
    const { code, stderr } = await capture(() => runCli(["detect", "--ground-truth", gt, "--detections-out", dets, "--checkpoint", checkpoint, "--score-threshold", "0.01"]));
    expect(code, stderr).toBe(0);
    const results = JSON.parse(readFileSync(dets, "utf8")) as Array<{ image_id: number; category_id: number; bbox: number[]; score: number }>;
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.image_id))).toEqual(new Set([1, 2, 3]));
    const evaluated = await capture(() => runCli(["detect-eval", "--ground-truth", gt, "--detections", dets, "--json"]));
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const stats = JSON.parse(evaluated.stdout) as { map: number; map_50: number };
    expect(stats.map_50).toBeGreaterThanOrEqual(0);
    expect(stats.map_50).toBeLessThanOrEqual(1);
  });

  it("names the file and field of bad input", async () => {
    const garbage = join(dir, "garbage.png");
    writeFileSync(garbage, "not a png");
    const tiny = join(dir, "tiny.png");
    writeFileSync(tiny, encodeGrayPng(new Float32Array(64), 8, 8));
    const bad = await capture(() => runCli(["detect", garbage, tiny, grayPng, "--checkpoint", checkpoint, "--json"]));
    expect(bad.code).toBe(1); // the good picture is still answered
    expect(bad.stderr).toContain(`${garbage}: not a readable PNG image`);
    expect(bad.stderr).toContain(`${tiny}: width must be an integer in [16, 4096] pixels, got 8`);
    expect(bad.stdout.trim().split("\n")).toHaveLength(1);

    const missing = await capture(() => runCli(["detect", join(dir, "nope.png"), "--checkpoint", checkpoint]));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("image not found");

    const gt = join(dir, "bad-gt.json");
    writeFileSync(gt, JSON.stringify({ images: [{ id: 1, file_name: "a.png" }, { id: "2", file_name: "b.png" }] }));
    const badGt = await capture(() => runCli(["detect", "--ground-truth", gt, "--detections-out", join(dir, "x.json"), "--checkpoint", checkpoint]));
    expect(badGt.code).toBe(2);
    expect(badGt.stderr).toContain(`${gt}: images[1].id: expected an integer, got "2"`);

    for (const [flag, value, message] of [
      ["--score-threshold", "2", "--score-threshold must be a number in [0, 1], got 2"],
      ["--nms-iou", "0", "--nms-iou must be a number in (0, 1], got 0"],
      ["--max-detections", "1.5", "--max-detections must be a positive integer, got 1.5"],
    ] as const) {
      const r = await capture(() => runCli(["detect", grayPng, "--checkpoint", checkpoint, flag, value]));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const noCheckpoint = await capture(() => runCli(["detect", grayPng, "--checkpoint", join(dir, "none.safetensors")]));
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toContain("none.safetensors: no such file");
  });
});
