import { describe, expect, it } from "vitest";
import { parseBenchTrainArgs } from "./options.js";

const ROOT = "/repo/main";

describe("parseBenchTrainArgs", () => {
  it("defaults to all four presets, auto backend, the reference beside the repository", () => {
    const o = parseBenchTrainArgs([], ROOT);
    expect(o.presets).toEqual(["0.21M", "0.25M", "1.68M", "53.53M"]);
    expect(o.backend).toBe("auto");
    expect(o.loss).toBe("ce");
    expect(o.overrides).toEqual({});
    expect(o.referenceScript).toBe("/repo/shared/reference/vit_reference.py");
    expect(o.outDir).toBe("/repo/main/results/bench");
    expect(o).toMatchObject({ reference: true, save: true, json: false, python: "/usr/bin/python3" });
  });

  it("reads presets (repeated, comma lists, deduplicated) and workload overrides", () => {
    const o = parseBenchTrainArgs(
      ["--preset", "1.68M,0.21M", "--preset", "0.21M", "--steps", "5", "--warmup", "0", "--eval-images", "100", "--ref-repeats", "1", "--json"],
      ROOT,
    );
    expect(o.presets).toEqual(["1.68M", "0.21M"]);
    expect(o.overrides).toEqual({ steps: 5, warmupSteps: 0, evalImages: 100, referenceRepeats: 1 });
    expect(o.json).toBe(true);
  });

  it("rejects unknown presets, backends and losses by name", () => {
    expect(() => parseBenchTrainArgs(["--preset", "2M"], ROOT)).toThrow(/unknown preset "2M"; expected one of 0.21M, 0.25M, 1.68M, 53.53M/);
    expect(() => parseBenchTrainArgs(["--backend", "webgl"], ROOT)).toThrow(/unknown backend "webgl"/);
    expect(() => parseBenchTrainArgs(["--loss", "mse"], ROOT)).toThrow(/--loss must be ce or cpo/);
    expect(() => parseBenchTrainArgs(["--steps", "0"], ROOT)).toThrow(/--steps must be a positive integer/);
  });

  it("accepts explicit backends and turning the reference and saving off", () => {
    const o = parseBenchTrainArgs(["--backend", "wasm", "--no-reference", "--no-save", "--ref-threads", "2", "--threads", "1"], ROOT);
    expect(o).toMatchObject({ backend: "wasm", reference: false, save: false, referenceThreads: [2], threads: 1 });
    expect(parseBenchTrainArgs([], ROOT).threads).toBeUndefined();
    expect(() => parseBenchTrainArgs(["--threads", "0"], ROOT)).toThrow(/--threads must be a positive integer/);
  });

  it("measures the reference on 1 and 2 threads by default, or on the listed thread counts", () => {
    expect(parseBenchTrainArgs([], ROOT).referenceThreads).toEqual([1, 2]);
    expect(parseBenchTrainArgs(["--ref-threads", "2, 1,2,4"], ROOT).referenceThreads).toEqual([2, 1, 4]);
    expect(() => parseBenchTrainArgs(["--ref-threads", "1,two"], ROOT)).toThrow(/--ref-threads must be a positive integer, got "two"/);
  });
});
