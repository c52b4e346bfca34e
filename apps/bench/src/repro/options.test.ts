import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReproArgs, PAPER_SEED, REPRO_USAGE } from "./options.js";

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
      teacher: undefined,
      kdTemperature: undefined,
      kdWeight: undefined,
      augment: false,
      drawnDigits: { dir: "/r/results/drawn-digits", given: false },
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

  it("takes every loss llmnist train takes, and lists them in the usage", () => {
    const o = parseReproArgs(["--losses", "cpo-all,cpo-ce,cpo-margin,cpo-all"], "/r");
    expect(o.losses).toEqual(["cpo-all", "cpo-ce", "cpo-margin"]);
    expect(REPRO_USAGE).toContain("any of ce,cpo,cpo-all,cpo-ce,cpo-margin");
  });

  it("takes the mixture-of-experts presets when named, never by default", () => {
    expect(parseReproArgs(["--presets", "0.21M-moe4"], "/r").presets).toEqual(["0.21M-moe4"]);
    expect(parseReproArgs(["--presets", "0.21M,0.21M-moe4"], "/r").presets).toEqual(["0.21M", "0.21M-moe4"]);
    expect(parseReproArgs([], "/r").presets).not.toContain("0.21M-moe4");
    expect(() => parseReproArgs(["--presets", "0.21M-moe8"], "/r")).toThrow('repro:tables: unknown preset "0.21M-moe8"; expected one of 0.21M, 0.25M, 1.68M, 53.53M, 0.21M-moe4');
    expect(REPRO_USAGE).toMatch(/--presets LIST {6}default 0\.21M,0\.25M,1\.68M,53\.53M \(the paper's\); also the\n.*mixture-of-experts 0\.21M-moe4/);
  });

    it("names what is wrong", () => {
    expect(() => parseReproArgs(["--presets", "9M"], "/r")).toThrow(/unknown preset "9M"/);
    expect(() => parseReproArgs(["--losses", "mse"], "/r")).toThrow('repro:tables: unknown loss "mse"; expected one of ce, cpo, cpo-all, cpo-ce, cpo-margin');
    expect(() => parseReproArgs(["--losses", "cpo,cpo_all"], "/r")).toThrow(/unknown loss "cpo_all"/);
    expect(() => parseReproArgs(["--seeds", "-1"], "/r")).toThrow(/--seeds: "-1" is not a non-negative integer/);
    expect(() => parseReproArgs(["--epochs", "0"], "/r")).toThrow(/--epochs must be a positive integer/);
  });

  it("reads --teacher (relative to the working folder) with --kd-temperature and --kd-weight", () => {
    const cwd = mkdtempSync(join(tmpdir(), "llmnist-teacher-"));
    writeFileSync(join(cwd, "best.safetensors"), "");
    expect(parseReproArgs(["--teacher", "best.safetensors"], "/r", cwd)).toMatchObject({ teacher: "best.safetensors", kdTemperature: undefined, kdWeight: undefined });
    expect(parseReproArgs(["--teacher", "best.safetensors", "--kd-temperature", "2.5", "--kd-weight=0"], "/r", cwd)).toMatchObject({
      teacher: "best.safetensors",
      kdTemperature: 2.5,
      kdWeight: 0,
    });
    expect(parseReproArgs(["--teacher", join(cwd, "best.safetensors"), "--kd-weight", "1"], "/r", "/elsewhere")).toMatchObject({ kdWeight: 1 });
    expect(REPRO_USAGE).toMatch(/--teacher FILE[\s\S]*--kd-temperature T[\s\S]*--kd-weight W/);
  });

  it("names the distillation flag that is wrong", () => {
    const cwd = mkdtempSync(join(tmpdir(), "llmnist-teacher-"));
    writeFileSync(join(cwd, "t.safetensors"), "");
    const t = ["--teacher", "t.safetensors"];
    expect(() => parseReproArgs(["--teacher", "missing.safetensors"], "/r", cwd)).toThrow(/repro:tables: --teacher: file not found: missing.safetensors/);
    expect(() => parseReproArgs(["--teacher", "."], "/r", cwd)).toThrow(/--teacher: not a file: \./);
    expect(() => parseReproArgs(["--kd-temperature", "2"], "/r", cwd)).toThrow(/--kd-temperature needs --teacher FILE/);
    expect(() => parseReproArgs(["--kd-weight", "0.5"], "/r", cwd)).toThrow(/--kd-weight needs --teacher FILE/);
    expect(() => parseReproArgs([...t, "--kd-temperature", "0"], "/r", cwd)).toThrow(/--kd-temperature must be a number > 0, got "0"/);
    expect(() => parseReproArgs([...t, "--kd-temperature", "warm"], "/r", cwd)).toThrow(/--kd-temperature must be a number > 0, got "warm"/);
    expect(() => parseReproArgs([...t, "--kd-weight", "1.5"], "/r", cwd)).toThrow(/--kd-weight must be a number in \[0, 1\], got "1.5"/);
    expect(() => parseReproArgs([...t, "--kd-weight", "-0.1"], "/r", cwd)).toThrow(/--kd-weight must be a number in \[0, 1\], got "-0.1"/);
  });

  it("reads --augment, and refuses it with --teacher as llmnist train does", () => {
    expect(parseReproArgs(["--augment"], "/r").augment).toBe(true);
    expect(REPRO_USAGE).toMatch(/--augment {11}train on augmented images[\s\S]*<preset>-<loss>-aug-seed<S>/);
    const cwd = mkdtempSync(join(tmpdir(), "llmnist-teacher-"));
    writeFileSync(join(cwd, "t.safetensors"), "");
    expect(() => parseReproArgs(["--augment", "--teacher", "t.safetensors"], "/r", cwd)).toThrow(
      "repro:tables: --augment cannot go with --teacher: llmnist train computes the teacher's logits once over the un-augmented training images",
    );
    expect(() => parseReproArgs(["--augment=yes"], "/r")).toThrow(/--augment takes no value/);
  });

  it("reads --drawn-digits: a folder with the set's files (relative to the working folder), or none", () => {
    const cwd = mkdtempSync(join(tmpdir(), "llmnist-drawn-"));
    mkdirSync(join(cwd, "set"));
    for (const f of ["drawn-digits-images-idx3-ubyte.gz", "drawn-digits-labels-idx1-ubyte.gz", "meta.json"]) writeFileSync(join(cwd, "set", f), "");
    expect(parseReproArgs(["--drawn-digits", "set"], "/r", cwd).drawnDigits).toEqual({ dir: "set", given: true });
    expect(parseReproArgs(["--drawn-digits", "none"], "/r", cwd).drawnDigits).toBeUndefined();
    expect(() => parseReproArgs(["--drawn-digits", "nowhere"], "/r", cwd)).toThrow("repro:tables: --drawn-digits: folder not found: nowhere");
    mkdirSync(join(cwd, "half"));
    writeFileSync(join(cwd, "half", "meta.json"), "");
    expect(() => parseReproArgs(["--drawn-digits", "half"], "/r", cwd)).toThrow(
      "repro:tables: --drawn-digits: half has no drawn-digits-images-idx3-ubyte.gz, drawn-digits-labels-idx1-ubyte.gz",
    );
    expect(REPRO_USAGE).toMatch(/--drawn-digits DIR  after the trainings[\s\S]*none: no evaluation/);
  });
});
