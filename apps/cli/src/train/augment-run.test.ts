import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_AUGMENT, type AugmentOptions } from "@llmnist/mnist-data";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { UsageError } from "../command.js";
import { DEFAULT_CHECKPOINT } from "../paths.js";
import { capture, tempDir } from "../test-helpers.js";
import { augmentConfig, augmentDifferences, describeAugment } from "./augment-options.js";
import { outFiles } from "./out-files.js";
import { runTrain } from "./run-train.js";
import type { RunConfig } from "./run-config.js";
import type { TrainSummary } from "./summary.js";

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("augmentConfig (--augment and its knobs)", () => {
  it("is the recipe for --augment, the recipe with a knob changed for --augment-<knob>, null without --augment", () => {
    expect(augmentConfig(undefined)).toBeNull();
    expect(augmentConfig(false)).toBeNull();
    expect(augmentConfig(true)).toEqual(DEFAULT_AUGMENT);
    const changed = augmentConfig({ rotation: 15, thicken: 1.5, blur: 0 });
    expect(changed).toEqual({
      ...DEFAULT_AUGMENT,
      distort: { ...DEFAULT_AUGMENT.distort!, maxRotationDeg: 15 },
      stroke: { ...DEFAULT_AUGMENT.stroke!, maxThicken: 1.5 },
      blur: { maxSigma: 0 },
    });
    expect(DEFAULT_AUGMENT.distort!.maxRotationDeg).toBe(10); // the recipe itself is untouched
    expect(describeAugment(DEFAULT_AUGMENT)).toBe(
      "rotation ±10°, shift ±2 px, scale ±0.1, elastic 3 px (sigma 4, smooth), stroke -0.5..+1 px, blur sigma 0..0.5, peak normalised, gain 1..1.5, gamma 0.667..1.5, brightness ±0",
    );
  });

  it("names the flag of a value out of range, and an unknown knob", () => {
    expect(() => augmentConfig({ thicken: 9 })).toThrow(new UsageError("--augment-thicken must be a number in [0, 3], got 9"));
    expect(() => augmentConfig({ elasticSigma: 0 })).toThrow(new UsageError("--augment-elastic-sigma must be a number in (0, 10], got 0"));
    expect(() => augmentConfig({ rotaton: 5 } as never)).toThrow(/augment: unknown knob "rotaton" \(known: rotation, shift/);
  });

  it("lists the differences between a saved run's augmentation and this one by flag", () => {
    const a = augmentConfig(true)!;
    const b = augmentConfig({ rotation: 15, gain: 1 })!;
    expect(augmentDifferences(a, b)).toEqual(["--augment-rotation is 15 now but was 10", "--augment-gain is 1 now but was 0.5"]);
    expect(augmentDifferences(a, a)).toEqual([]);
    expect(augmentDifferences(undefined, null)).toEqual([]);
    expect(augmentDifferences(a, null)).toEqual(["--augment is not set now but was set"]);
    expect(augmentDifferences(undefined, a)).toEqual(["--augment is set now but was not set"]);
    const noBlur: AugmentOptions = { ...a, blur: null, normalize: false };
    expect(augmentDifferences(a, noBlur)).toEqual(["augment normalize is false now but was true", 'augment blur is none now but was {"maxSigma":0.5}']);
  });
});

describe("llmnist train --augment", () => {
  const dir = tempDir("augment-run");
  // 32 images, batch 16: 2 steps of the 0.21M ViT, data-parallel on wasm/cpu (the replica augments its half).
  const FLAGS = ["--train-limit", "32", "--test-limit", "32", "--epochs", "1", "--batch", "16", "--seed", "7", "--threads", "2"];

  it("records the options in run.json and summary.json, and refuses a resume with other ones, naming the flag", async () => {
    const out = join(dir, "run");
    const first = await capture(() => runCli(["train", ...FLAGS, "--augment", "--augment-rotation", "15", "--out", out]));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("augment: rotation ±15°, shift ±2 px");
    const files = outFiles(out);
    const expected = augmentConfig({ rotation: 15 });
    expect(readJson<RunConfig>(files.run).augment).toEqual(expected);
    const summary = readJson<TrainSummary>(files.summary);
    expect(summary.augment).toEqual(expected);
    expect(summary.command).toContain("--augment --augment-rotation 15");

    const other = await capture(() => runCli(["train", ...FLAGS, "--augment", "--augment-rotation", "10", "--out", out, "--resume"]));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("cannot resume the run in");
    expect(other.stderr).toContain("--augment-rotation is 10 now but was 15");
    const without = await capture(() => runCli(["train", ...FLAGS, "--out", out, "--resume"]));
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("--augment is not set now but was set");
    const same = await capture(() => runCli(["train", ...FLAGS, "--augment", "--augment-rotation", "15", "--out", out, "--resume"]));
    expect(same.code).toBe(0);
  }, 120_000);

  it("a run without --augment records none (run.json and summary.json as before) and refuses a resume with it", async () => {
    const out = join(dir, "plain");
    expect((await capture(() => runCli(["train", ...FLAGS, "--out", out]))).code).toBe(0);
    const files = outFiles(out);
    expect(Object.keys(readJson<RunConfig>(files.run))).toEqual(["preset", "loss", "seed", "epochs", "batch", "train_limit", "test_limit", "kd"]);
    expect("augment" in readJson<TrainSummary>(files.summary)).toBe(false);
    const withIt = await capture(() => runCli(["train", ...FLAGS, "--augment", "--out", out, "--resume"]));
    expect(withIt.code).toBe(2);
    expect(withIt.stderr).toContain("--augment is set now but was not set");
  }, 120_000);

  it("refuses --teacher with --augment, a knob without --augment and a bad knob value, leaving --out untouched", async () => {
    const out = join(dir, "never");
    const attempt = runTrain({ preset: "0.21M", loss: "ce", outDir: out, teacher: DEFAULT_CHECKPOINT, augment: true, progress: false, log: () => {} });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(runTrain({ preset: "0.21M", loss: "ce", outDir: out, teacher: DEFAULT_CHECKPOINT, augment: true, progress: false, log: () => {} })).rejects.toThrow(
      /--teacher cannot be used with --augment: the teacher's logits are computed once over the un-augmented training images/,
    );
    const cli = await capture(() => runCli(["train", ...FLAGS, "--teacher", DEFAULT_CHECKPOINT, "--augment", "--out", out]));
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("--teacher cannot be used with --augment");
    const knobAlone = await capture(() => runCli(["train", ...FLAGS, "--augment-rotation", "5", "--out", out]));
    expect(knobAlone.code).toBe(2);
    expect(knobAlone.stderr).toContain("--augment-rotation needs --augment");
    const bad = await capture(() => runCli(["train", ...FLAGS, "--augment", "--augment-blur", "x", "--out", out]));
    expect(bad.stderr).toContain('--augment-blur must be a number, got "x"');
    const range = await capture(() => runCli(["train", ...FLAGS, "--augment", "--augment-blur", "5", "--out", out]));
    expect(range.stderr).toContain("--augment-blur must be a number in [0, 3], got 5");
    expect(existsSync(out)).toBe(false);
  });

  it("--help lists the recipe and every knob with its default", async () => {
    const { stdout } = await capture(() => runCli(["train", "--help"]));
    expect(stdout).toContain("--augment              turn it on with the default recipe");
    expect(stdout).toMatch(/--augment-rotation DEG\s+rotation up to ±DEG degrees \(default 10\)/);
    expect(stdout).toMatch(/--augment-thin PX\s+strokes up to PX pixels thinner per side \(default 0.5\)/);
    expect(stdout).toMatch(/--augment-elastic-sigma S\n\s+smoothness of the elastic field, pixels \(default 4\)/);
  });
});
