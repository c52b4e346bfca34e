import { describe, expect, it } from "vitest";
import { parseReproArgs } from "./options.js";
import { planRuns } from "./plan.js";
import type { RunDirState } from "./run-dir.js";

const none: RunDirState = { hasCheckpoint: false, hasRunConfig: false };

describe("planRuns", () => {
  it("plans preset x loss x seed with the CLI's arguments", () => {
    const o = parseReproArgs(["--presets", "0.21M", "--seeds", "0,1", "--epochs", "2", "--train-limit", "100", "--out", "results/runs"], "/r");
    const plans = planRuns({ ...o, outDir: "results/runs" }, () => none);
    expect(plans.map((p) => `${p.preset} ${p.loss} ${p.seed} ${p.action}`)).toEqual([
      "0.21M ce 0 fresh",
      "0.21M ce 1 fresh",
      "0.21M cpo 0 fresh",
      "0.21M cpo 1 fresh",
    ]);
    expect(plans[3]!.args).toEqual([
      "train", "--preset", "0.21M", "--loss", "cpo", "--seed", "1", "--epochs", "2", "--train-limit", "100", "--out", "results/runs/0.21M-cpo-seed1",
    ]);
  });

  it("skips finished runs, resumes interrupted ones and keeps finished runs with other options", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M,0.25M,1.68M", "--losses", "ce", "--seeds", "0"], "/r"), outDir: "runs" };
    const states: Record<string, RunDirState> = {
      "runs/0.21M-ce-seed0": { summary: { epochs: 10, train_images: 60000, test_images: 10000 }, hasCheckpoint: true, hasRunConfig: true },
      "runs/0.25M-ce-seed0": { hasCheckpoint: true, hasRunConfig: true },
      "runs/1.68M-ce-seed0": { summary: { epochs: 1, train_images: 4000 }, hasCheckpoint: true, hasRunConfig: true },
    };
    const plans = planRuns(o, (dir) => states[dir] ?? none);
    expect(plans.map((p) => p.action)).toEqual(["skip", "resume", "conflict"]);
    expect(plans[1]!.args.at(-1)).toBe("--resume");
    expect(plans[2]!.reason).toMatch(/1 epochs \(asked: 10\), 4000 training images \(asked: 60000\); kept \(pass --overwrite/);
    const overwrite = planRuns({ ...o, overwrite: true }, (dir) => states[dir] ?? none);
    expect(overwrite[2]!.action).toBe("overwrite");
    expect(overwrite[2]!.args.at(-1)).toBe("--overwrite");
  });

  it("leaves a folder alone that another process is training into", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce,cpo", "--seeds", "0"], "/r"), outDir: "runs" };
    const plans = planRuns(o, () => ({ hasCheckpoint: true, hasRunConfig: true }), (dir) => dir === "runs/0.21M-ce-seed0");
    expect(plans.map((p) => p.action)).toEqual(["busy", "resume"]);
  });

  it("continues a run that wrote run.json but no checkpoint yet", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce"], "/r"), outDir: "runs" };
    const [plan] = planRuns(o, () => ({ hasCheckpoint: false, hasRunConfig: true }));
    expect(plan!.action).toBe("resume");
  });
});
