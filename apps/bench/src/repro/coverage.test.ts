import { describe, expect, it } from "vitest";
import { extraCommands, presetsWithoutRuns } from "./coverage.js";
import { parseReproArgs } from "./options.js";
import type { RunRecord } from "./run-record.js";

const run = (preset: string, loss: string, seed: number, epochs = 10): RunRecord => ({
  dir: `${preset}-${loss}-seed${seed}`,
  preset,
  loss,
  seed,
  epochsDone: epochs,
  epochsPlanned: epochs,
  bestAccuracy: 99,
  finalAccuracy: 99,
  params: 1,
  backend: "wasm",
  wallSeconds: 1,
  partial: false,
  trainImages: 60_000,
  testImages: 10_000,
});

describe("extraCommands", () => {
  const defaults = parseReproArgs([], "/repo");

  it("names nothing when the command covers every run", () => {
    expect(extraCommands([run("0.21M", "ce", 0x66ccff), run("0.25M", "cpo", 0x66ccff)], defaults)).toEqual([]);
  });

  it("names the extra seeds of a row, merging presets with the same extra seeds", () => {
    const records = [run("0.21M", "ce", 0x66ccff), run("0.21M", "ce", 1), run("0.21M", "ce", 2), run("0.25M", "ce", 2), run("0.25M", "ce", 1)];
    expect(extraCommands(records, defaults)).toEqual(["pnpm repro:tables --presets 0.21M,0.25M --losses ce --seeds 1,2 --epochs 10"]);
  });

  it("merges losses with the same extra seeds, keeps other seeds and epoch counts apart", () => {
    const records = [run("0.21M", "ce", 1), run("0.21M", "cpo", 1), run("0.25M", "cpo", 2), run("0.21M", "ce", 0x66ccff, 3)];
    expect(extraCommands(records, defaults)).toEqual([
      "pnpm repro:tables --presets 0.21M --losses ce,cpo --seeds 1 --epochs 10",
      "pnpm repro:tables --presets 0.25M --losses cpo --seeds 2 --epochs 10",
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 6737151 --epochs 3",
    ]);
  });
});

describe("presetsWithoutRuns", () => {
  it("lists the asked-for presets with no run", () => {
    expect(presetsWithoutRuns([run("0.21M", "ce", 1), run("1.68M", "cpo", 1)], parseReproArgs([], "/repo"))).toEqual(["0.25M", "53.53M"]);
  });
});
