import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MNIST_PIXELS } from "@llmnist/mnist-data";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { DEFAULT_CHECKPOINT } from "../paths.js";
import { capture, softmax, tempDir, VIT_FIXTURE, VIT_FIXTURE_LOGITS } from "../test-helpers.js";

const dir = tempDir("predict");
const reference = JSON.parse(readFileSync(VIT_FIXTURE_LOGITS, "utf8")) as { logits: number[][] };

/** Writes an RGBA PNG whose pixel (x, y) colour comes from `rgba`. */
function writePng(name: string, width: number, height: number, rgba: (x: number, y: number) => number[]): string {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(rgba(x, y), 4 * (y * width + x));
  const file = join(dir, name);
  writeFileSync(file, PNG.sync.write(png));
  return file;
}

let mnistFiles: string[] = [];
let drawn = "";
let blank = "";

beforeAll(async () => {
  const test = await loadMnistSplit("test");
  // MNIST test images 0..3 saved as gray PNGs, light digit on black, as MNIST stores them.
  mnistFiles = [0, 1, 2, 3].map((k) =>
    writePng(`mnist-${k}.png`, 28, 28, (x, y) => {
      const v = Math.round(255 * test.images[k * MNIST_PIXELS + y * 28 + x]!);
      return [v, v, v, 255];
    }),
  );
  // A blue "1" on a transparent 90x120 canvas, as a drawing app exports it.
  drawn = writePng("drawn.png", 90, 120, (x, y) => (x >= 40 && x < 50 && y >= 20 && y < 100 ? [20, 40, 200, 255] : [0, 0, 0, 0]));
  blank = writePng("blank.png", 40, 40, () => [250, 250, 250, 255]);
});

describe("llmnist predict", () => {
  it("prints one JSON object per image: file, digit (the argmax) and 10 probabilities", async () => {
    const { code, stdout } = await capture(() => runCli(["predict", ...mnistFiles, drawn, "--checkpoint", VIT_FIXTURE, "--json"]));
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { file: string; digit: number; probabilities: number[] });
    expect(lines.map((l) => l.file)).toEqual([...mnistFiles, drawn]);
    for (const { digit, probabilities } of lines) {
      expect(Object.keys(lines[0]!)).toEqual(["file", "digit", "probabilities"]);
      expect(probabilities).toHaveLength(10);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(digit).toBe(probabilities.indexOf(Math.max(...probabilities)));
    }
  });

  it("sees an MNIST image saved as PNG as MNIST does (probabilities match the reference logits)", async () => {
    const { stdout } = await capture(() => runCli(["predict", ...mnistFiles, "--checkpoint", VIT_FIXTURE, "--json"]));
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { probabilities: number[] });
    lines.forEach(({ probabilities }, k) => {
      const expected = softmax(reference.logits[k]!);
      probabilities.forEach((p, d) => expect(Math.abs(p - expected[d]!)).toBeLessThan(2e-3));
    });
  });

  it("reports a blank picture by name and exits 1, still classifying the others", async () => {
    const { code, stdout, stderr } = await capture(() => runCli(["predict", blank, mnistFiles[0]!, "--checkpoint", VIT_FIXTURE, "--json"]));
    expect(code).toBe(1);
    expect(stderr).toContain(`${blank}: no digit found: the image is blank`);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  });

  it("draws what the model sees with --show", async () => {
    const { code, stdout } = await capture(() => runCli(["predict", drawn, "--checkpoint", VIT_FIXTURE, "--show"]));
    expect(code).toBe(0);
    const art = stdout.split("\n").slice(0, 28);
    expect(art.filter((l) => l.includes("@"))).toHaveLength(20); // the stroke scaled to 20 rows
    expect(stdout).toMatch(new RegExp(`${drawn.replace(/[/.]/g, "\\$&")}: \\d  \\(`));
  });

  it("without --checkpoint uses the shipped trained model: the MNIST PNGs and the drawn 1 come out right", async () => {
    expect(existsSync(DEFAULT_CHECKPOINT), `${DEFAULT_CHECKPOINT} ships with the package`).toBe(true);
    const { code, stdout, stderr } = await capture(() => runCli(["predict", ...mnistFiles, drawn, "--json"]));
    expect(code).toBe(0);
    const digits = stdout.trim().split("\n").map((l) => (JSON.parse(l) as { digit: number }).digit);
    expect(digits).toEqual([7, 2, 1, 0, 1]); // MNIST test labels 0..3, then the drawn stroke
    expect(stderr).toMatch(/99\.\d\d% on the MNIST test set|99\.\d\d%/);
  });
});
