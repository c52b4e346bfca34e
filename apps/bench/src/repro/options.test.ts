import { describe, expect, it } from "vitest";
import { parseReproArgs, PAPER_SEED } from "./options.js";

describe("parseReproArgs", () => {
  it("defaults to the paper's protocol over all presets and both losses", () => {
    const o = parseReproArgs([], "/r");
    expect(o).toMatchObject({
      presets: ["0.21M", "0.25M", "1.68M", "53.53M"],
      losses: ["ce", "cpo"],
      seeds: [PAPER_SEED],
      epochs: 10,
      trainLimit: undefined,
      testLimit: undefined,
      outDir: "/r/results/runs",
      quick: false,
      dryRun: false,
      updateReadme: true,
    });
  });

  it("makes --quick a small smoke run in its own folder that never touches the README", () => {
    const o = parseReproArgs(["--quick"], "/r");
    expect(o).toMatchObject({ presets: ["0.21M"], losses: ["ce", "cpo"], epochs: 1, trainLimit: 4000, testLimit: 1000, outDir: "/r/results/quick/runs", updateReadme: false });
    expect(parseReproArgs(["--quick", "--epochs", "2", "--train-limit", "500"], "/r")).toMatchObject({ epochs: 2, trainLimit: 500 });
  });

  it("reads lists, hex seeds and limits", () => {
    const o = parseReproArgs(["--presets", "1.68M,0.21M", "--losses", "cpo", "--seeds", "0,1,0x10,1", "--epochs", "3", "--test-limit", "100"], "/r");
    expect(o).toMatchObject({ presets: ["1.68M", "0.21M"], losses: ["cpo"], seeds: [0, 1, 16], epochs: 3, testLimit: 100 });
  });

  it("names what is wrong", () => {
    expect(() => parseReproArgs(["--presets", "9M"], "/r")).toThrow(/unknown preset "9M"/);
    expect(() => parseReproArgs(["--losses", "mse"], "/r")).toThrow(/unknown loss "mse"; expected ce or cpo/);
    expect(() => parseReproArgs(["--seeds", "-1"], "/r")).toThrow(/--seeds: "-1" is not a non-negative integer/);
    expect(() => parseReproArgs(["--epochs", "0"], "/r")).toThrow(/--epochs must be a positive integer/);
  });
});
