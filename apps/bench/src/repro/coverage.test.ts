import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extraCommands, presetsWithoutRuns } from "./coverage.js";
import { parseReproArgs, type ReproOptions } from "./options.js";
import type { Distillation, RunRecord } from "./run-record.js";

/** Any file that exists, for --teacher's check. */
const THIS_FILE = fileURLToPath(import.meta.url);
const TEACHER = "results/runs/1.68M-ce-seed6737151/best.safetensors";

const kdRun = (preset: string, loss: string, seed: number, kd: Partial<Distillation> = {}): RunRecord => ({
  ...run(preset, loss, seed),
  dir: `${preset}-${loss}-kd-seed${seed}`,
  distillation: { teacher: TEACHER, teacherPreset: "1.68M", temperature: 4, weight: 0.9, ...kd },
});

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
  augmented: false,
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

describe("extraCommands with distilled runs", () => {
  const defaults = parseReproArgs([], "/repo");
  // The teacher file must exist for parseReproArgs; the options then hold it as repro:tables does (from the root).
  const withTeacher = (extra: string[] = []): ReproOptions => ({
    ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "1,2", "--teacher", THIS_FILE, ...extra], "/repo"),
    teacher: TEACHER,
  });

  it("names the --teacher command of distilled runs, apart from the plain runs' command", () => {
    const records = [run("0.21M", "ce", 0x66ccff), run("0.21M", "ce", 1), kdRun("0.21M", "ce", 1), kdRun("0.21M", "ce", 2), kdRun("0.21M", "ce", 0x66ccff)];
    expect(extraCommands(records, defaults)).toEqual([
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10",
      `pnpm repro:tables --presets 0.21M --losses ce --seeds 1,2,6737151 --epochs 10 --teacher ${TEACHER}`,
    ]);
  });

  it("writes --kd-temperature and --kd-weight when they are not the defaults, and keeps other settings apart", () => {
    const records = [kdRun("0.21M", "ce", 1, { temperature: 2 }), kdRun("0.25M", "ce", 1, { temperature: 2 }), kdRun("0.21M", "ce", 1, { weight: 0.5 }), kdRun("0.21M", "cpo", 1, { weight: 0.5 })];
    expect(extraCommands(records, defaults)).toEqual([
      `pnpm repro:tables --presets 0.21M,0.25M --losses ce --seeds 1 --epochs 10 --teacher ${TEACHER} --kd-temperature 2`,
      `pnpm repro:tables --presets 0.21M --losses ce,cpo --seeds 1 --epochs 10 --teacher ${TEACHER} --kd-weight 0.5`,
    ]);
  });

  it("counts a distilled run covered only by the same teacher, temperature and weight; plain runs never by --teacher", () => {
    const records = [kdRun("0.21M", "ce", 1), kdRun("0.21M", "ce", 2, { teacher: "./" + TEACHER })];
    expect(extraCommands(records, withTeacher())).toEqual([]);
    expect(extraCommands(records, withTeacher(["--kd-temperature", "4", "--kd-weight", "0.9"]))).toEqual([]);
    expect(extraCommands(records, withTeacher(["--kd-temperature", "3"]))).toHaveLength(1);
    expect(extraCommands(records, { ...withTeacher(), teacher: "other/teacher.safetensors" })).toHaveLength(1);
    expect(extraCommands([run("0.21M", "ce", 1)], withTeacher())).toEqual(["pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10"]);
  });
});

describe("extraCommands with augmented runs", () => {
  const defaults = parseReproArgs([], "/repo");
  const augRun = (preset: string, loss: string, seed: number, epochs = 10): RunRecord => ({ ...run(preset, loss, seed, epochs), dir: `${preset}-${loss}-aug-seed${seed}`, augmented: true });

  it("names --augment commands apart from the plain runs', never merging the two", () => {
    const records = [
      run("0.21M", "ce", 0x66ccff),
      run("0.21M", "ce", 1),
      augRun("0.21M", "ce", 1),
      augRun("0.25M", "ce", 1),
      augRun("0.21M", "cpo-all", 1),
      augRun("0.21M", "ce", 0x66ccff),
      augRun("0.21M", "cpo", 2, 3),
    ];
    expect(extraCommands(records, defaults)).toEqual([
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10",
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 1,6737151 --epochs 10 --augment",
      "pnpm repro:tables --presets 0.25M --losses ce --seeds 1 --epochs 10 --augment",
      "pnpm repro:tables --presets 0.21M --losses cpo-all --seeds 1 --epochs 10 --augment",
      "pnpm repro:tables --presets 0.21M --losses cpo --seeds 2 --epochs 3 --augment",
    ]);
  });

  it("counts an augmented run covered only by an --augment command, a plain one only by a plain command", () => {
    const aug = parseReproArgs(["--presets", "0.21M", "--losses", "ce,cpo-all", "--seeds", "1", "--augment"], "/repo");
    expect(extraCommands([augRun("0.21M", "ce", 1), augRun("0.21M", "cpo-all", 1)], aug)).toEqual([]);
    expect(extraCommands([run("0.21M", "ce", 1)], aug)).toEqual(["pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10"]);
    expect(extraCommands([augRun("0.21M", "ce", 1)], { ...aug, augment: false })).toEqual([
      "pnpm repro:tables --presets 0.21M --losses ce --seeds 1 --epochs 10 --augment",
    ]);
  });

  it("lists the presets without a run of the asked kind, augmented or not", () => {
    const records = [augRun("0.21M", "ce", 1), run("0.25M", "ce", 1)];
    expect(presetsWithoutRuns(records, defaults)).toEqual(["0.21M", "1.68M", "53.53M"]);
    expect(presetsWithoutRuns(records, { ...defaults, augment: true })).toEqual(["0.25M", "1.68M", "53.53M"]);
  });
});

describe("presetsWithoutRuns", () => {
  it("lists the asked-for presets with no run", () => {
    expect(presetsWithoutRuns([run("0.21M", "ce", 1), run("1.68M", "cpo", 1)], parseReproArgs([], "/repo"))).toEqual(["0.25M", "53.53M"]);
  });

  it("counts only runs of the asked kind: plain without --teacher, distilled with it", () => {
    const records = [kdRun("0.21M", "ce", 1), run("0.25M", "ce", 1)];
    expect(presetsWithoutRuns(records, parseReproArgs([], "/repo"))).toEqual(["0.21M", "1.68M", "53.53M"]);
    expect(presetsWithoutRuns(records, { ...parseReproArgs(["--teacher", THIS_FILE], "/repo"), teacher: TEACHER })).toEqual(["0.25M", "1.68M", "53.53M"]);
  });
});
