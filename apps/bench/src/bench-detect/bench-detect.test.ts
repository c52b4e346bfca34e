import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { selectBackend } from "@llmnist/train/node";
import { createVitDetector } from "@llmnist/vit-detector";
import { saveVitDetector } from "@llmnist/vit-detector/node";
import { beforeAll, describe, expect, it } from "vitest";
import { benchDetectMain } from "../bench-detect-cli.js";
import { measureDetect } from "./measure.js";
import { parseBenchDetectArgs } from "./options.js";

const dir = mkdtempSync(join(tmpdir(), "llmnist-bench-detect-"));
const modelFile = join(dir, "tiny.safetensors");

beforeAll(async () => {
  await selectBackend({ prefer: "auto" });
  const model = createVitDetector({ hiddenSize: 16, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 32 }, { seed: 1 });
  await saveVitDetector(model, modelFile);
  model.disposeWeights();
});

describe("bench:detect", () => {
  it("parses sizes and batches, and names a bad size", () => {
    const o = parseBenchDetectArgs(["--sizes", "64x48,256x256", "--batch", "1,4", "--rounds", "2"], "/repo");
    expect(o.sizes).toEqual([
      { width: 64, height: 48 },
      { width: 256, height: 256 },
    ]);
    expect(o.batches).toEqual([1, 4]);
    expect(o.model).toBe(join("/repo", "apps", "cli", "assets", "detector-vit.safetensors"));
    expect(() => parseBenchDetectArgs(["--sizes", "8x8"], "/repo")).toThrow('bench:detect: --sizes takes WxH with sides in [16, 4096], got "8x8"');
  });

  it("times every round of a cell on the requested canvases", async () => {
    const { loadVitDetector } = await import("@llmnist/vit-detector/node");
    const model = await loadVitDetector(modelFile);
    const cell = measureDetect(model, await loadMnistSplit("test"), { width: 48, height: 32, batch: 2, canvases: 4, rounds: 3 });
    model.disposeWeights();
    expect(cell.canvases_per_s).toHaveLength(3);
    expect(cell.canvases_per_s.every((v) => v > 0)).toBe(true);
    expect(cell.median_canvases_per_s).toBe([...cell.canvases_per_s].sort((a, b) => a - b)[1]);
  });

  it("writes a Markdown and a JSON report with one row per size and batch", async () => {
    const out = join(dir, "out");
    const code = await benchDetectMain(["--model", modelFile, "--sizes", "32x32,48x32", "--batch", "1,2", "--canvases", "2", "--rounds", "1", "--out", out]);
    expect(code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/detect-.*Z/, "detect-STAMP"))).toEqual(["detect-STAMP.json", "detect-STAMP.md"]);
    const report = JSON.parse(readFileSync(join(out, files[0]!), "utf8")) as { cells: Array<{ width: number; batch: number }> };
    expect(report.cells.map((c) => [c.width, c.batch])).toEqual([
      [32, 1],
      [32, 2],
      [48, 1],
      [48, 2],
    ]);
    expect(readFileSync(join(out, files[1]!), "utf8")).toMatch(/\| 48x32 \| 2 \| [\d.]+ \|/);
  });
});
