import { describe, expect, it } from "vitest";
import { parseReproArgs } from "./options.js";
import { planRuns, runLabel, summaryDifferences } from "./plan.js";
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

  it("plans a mixture-of-experts preset into <preset>-<loss>-seed<N> like the paper's", () => {
    const o = parseReproArgs(["--presets", "0.21M-moe4", "--losses", "ce", "--seeds", "1,2,6737151", "--epochs", "10"], "/r");
    const plans = planRuns({ ...o, outDir: "results/runs" }, () => none);
    expect(plans.map((p) => [p.dir, p.action])).toEqual([
      ["results/runs/0.21M-moe4-ce-seed1", "fresh"],
      ["results/runs/0.21M-moe4-ce-seed2", "fresh"],
      ["results/runs/0.21M-moe4-ce-seed6737151", "fresh"],
    ]);
    expect(plans[0]!.args).toEqual(["train", "--preset", "0.21M-moe4", "--loss", "ce", "--seed", "1", "--epochs", "10", "--out", "results/runs/0.21M-moe4-ce-seed1"]);
    expect(runLabel(plans[0]!)).toBe("0.21M-moe4 ce seed 1");
    // A finished one (its summary has the MoE fields besides) is skipped.
    const summary = { preset: "0.21M-moe4", loss: "ce", epochs: 10, train_images: 60000, test_images: 10000, params_active: 215626, moe: { experts: 4, top_k: 1, load: [] } };
    expect(planRuns({ ...o, outDir: "results/runs" }, () => ({ ...none, summary }))[0]!.action).toBe("skip");
  });

    it("plans the CPO variants into <preset>-<loss>-seed<N> with --loss NAME and no option flags", () => {
    const o = parseReproArgs(["--presets", "0.21M", "--losses", "cpo-all,cpo-ce,cpo-margin", "--seeds", "1"], "/r");
    const plans = planRuns({ ...o, outDir: "results/runs" }, () => none);
    expect(plans.map((p) => [p.dir, p.args.slice(3, 5)])).toEqual([
      ["results/runs/0.21M-cpo-all-seed1", ["--loss", "cpo-all"]],
      ["results/runs/0.21M-cpo-ce-seed1", ["--loss", "cpo-ce"]],
      ["results/runs/0.21M-cpo-margin-seed1", ["--loss", "cpo-margin"]],
    ]);
    expect(plans.flatMap((p) => p.args).filter((a) => a.startsWith("--cpo-"))).toEqual([]);
  });

  it("a finished run with loss options other than the defaults is another run", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "cpo-margin", "--seeds", "1"], "/r"), outDir: "runs" };
    const summary = (extra: Record<string, unknown>) => ({ epochs: 10, train_images: 60000, test_images: 10000, loss: "cpo-margin", ...extra });
    expect(summaryDifferences(summary({ loss_options: { beta: 1, margin: 1 } }), o)).toEqual([]);
    expect(summaryDifferences(summary({}), o)).toEqual([]);
    expect(summaryDifferences(summary({ loss_options: { beta: 1, margin: 2 } }), o)).toEqual(["loss option margin 2 (asked: the default, 1)"]);
    // Older ce / cpo summaries have no loss_options: still the same run.
    expect(summaryDifferences({ ...summary({}), loss: "cpo" }, o)).toEqual([]);
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

  it("with --teacher plans <preset>-<loss>-kd-seed<S> folders and passes the KD flags given to the CLI", () => {
    const teacher = "results/runs/1.68M-ce-seed6737151/best.safetensors";
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "1"], "/r"), outDir: "results/runs", teacher };
    const [plain] = planRuns({ ...o, teacher: undefined }, () => none);
    expect(plain!.dir).toBe("results/runs/0.21M-ce-seed1");
    expect(plain!.distilled).toBe(false);
    const [kd] = planRuns(o, () => none);
    expect(kd!.dir).toBe("results/runs/0.21M-ce-kd-seed1");
    expect(kd!.distilled).toBe(true);
    expect(runLabel(kd!)).toBe("0.21M ce KD seed 1");
    expect(kd!.args).toEqual([
      "train", "--preset", "0.21M", "--loss", "ce", "--seed", "1", "--epochs", "10", "--teacher", teacher, "--out", "results/runs/0.21M-ce-kd-seed1",
    ]);
    const [tuned] = planRuns({ ...o, kdTemperature: 2, kdWeight: 0.5, jobs: 2 }, () => none);
    expect(tuned!.args).toEqual([
      "train", "--preset", "0.21M", "--loss", "ce", "--seed", "1", "--epochs", "10",
      "--teacher", teacher, "--kd-temperature", "2", "--kd-weight", "0.5", "--threads", "1", "--out", "results/runs/0.21M-ce-kd-seed1",
    ]);
  });

  it("skips a finished distilled run of the same teacher and settings, keeps one of another", () => {
    const teacher = "results/runs/1.68M-ce-seed6737151/best.safetensors";
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "1"], "/r"), outDir: "runs", teacher };
    const summary = (kd: Record<string, unknown> | undefined): Record<string, unknown> => ({ epochs: 10, train_images: 60000, test_images: 10000, ...(kd ? { kd } : {}) });
    const same = { teacher: `./${teacher}`, teacher_preset: "1.68M", temperature: 4, weight: 0.9 };
    expect(summaryDifferences(summary(same), o)).toEqual([]);
    expect(summaryDifferences(summary({ ...same, teacher: "other.safetensors", temperature: 2, weight: 0.5 }), o)).toEqual([
      `teacher other.safetensors (asked: ${teacher})`,
      "KD temperature 2 (asked: 4)",
      "KD weight 0.5 (asked: 0.9)",
    ]);
    expect(summaryDifferences(summary(undefined), o)).toEqual([`no teacher (asked: --teacher ${teacher})`]);
    expect(summaryDifferences(summary(same), { ...o, teacher: undefined })).toEqual([`distilled from ./${teacher} (asked: no teacher)`]);
    const plans = planRuns({ ...o, kdWeight: 0.5 }, () => ({ summary: summary(same), hasCheckpoint: false, hasRunConfig: true }));
    expect(plans.map((p) => [p.action, p.reason])).toEqual([
      ["conflict", "finished with other options: KD weight 0.9 (asked: 0.5); kept (pass --overwrite to replace it, or use another --out)"],
    ]);
  });

  it("with --augment plans <preset>-<loss>[-kd]-aug-seed<S> folders and passes --augment to the CLI", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce,cpo-all", "--seeds", "1", "--augment"], "/r"), outDir: "results/runs" };
    const plans = planRuns(o, () => none);
    expect(plans.map((p) => [p.dir, p.action, p.augmented])).toEqual([
      ["results/runs/0.21M-ce-aug-seed1", "fresh", true],
      ["results/runs/0.21M-cpo-all-aug-seed1", "fresh", true],
    ]);
    expect(runLabel(plans[0]!)).toBe("0.21M ce augmented seed 1");
    expect(plans[1]!.args).toEqual([
      "train", "--preset", "0.21M", "--loss", "cpo-all", "--seed", "1", "--epochs", "10", "--augment", "--out", "results/runs/0.21M-cpo-all-aug-seed1",
    ]);
    // Built by hand (parseReproArgs refuses --augment with --teacher, as llmnist train does): both suffixes, both flags.
    const [kd] = planRuns({ ...o, losses: ["cpo-ce"], teacher: "t.safetensors", jobs: 2 }, () => none);
    expect(kd!.dir).toBe("results/runs/0.21M-cpo-ce-kd-aug-seed1");
    expect(runLabel(kd!)).toBe("0.21M cpo-ce KD augmented seed 1");
    expect(kd!.args.slice(9)).toEqual(["--teacher", "t.safetensors", "--augment", "--threads", "1", "--out", "results/runs/0.21M-cpo-ce-kd-aug-seed1"]);
    const [plain] = planRuns({ ...o, augment: false }, () => none);
    expect([plain!.dir, plain!.augmented, plain!.args.includes("--augment")]).toEqual(["results/runs/0.21M-ce-seed1", false, false]);
  });

  it("skips a finished augmented run, keeps one whose augmentation differs from what is asked", () => {
    const o = { ...parseReproArgs(["--presets", "0.21M", "--losses", "ce", "--seeds", "1", "--augment"], "/r"), outDir: "runs" };
    // results/augment/0.21M-ce-aug-seed1/summary.json's augment: DEFAULT_AUGMENT
    const augment = {
      distort: { maxShift: 2, maxRotationDeg: 10, maxScale: 0.1, elasticAlpha: 3, elasticSigma: 4, elasticScale: "field" },
      stroke: { maxThicken: 1, maxThin: 0.5 },
      blur: { maxSigma: 0.5 },
      normalize: true,
      contrast: { maxGain: 0.5, maxGamma: 0.5, maxBrightness: 0 },
    };
    const summary = (extra: Record<string, unknown>): Record<string, unknown> => ({ epochs: 10, train_images: 60000, test_images: 10000, loss: "ce", ...extra });
    expect(summaryDifferences(summary({ augment }), o)).toEqual([]);
    expect(summaryDifferences(summary({}), o)).toEqual(["not augmented (asked: --augment)"]);
    expect(summaryDifferences(summary({ augment: null }), o)).toEqual(["not augmented (asked: --augment)"]);
    expect(summaryDifferences(summary({ augment }), { ...o, augment: false })).toEqual(["augmented (asked: no --augment)"]);
    expect(summaryDifferences(summary({ augment: null }), { ...o, augment: false })).toEqual([]);
    const rotated = { ...augment, distort: { ...augment.distort, maxRotationDeg: 15 }, blur: null };
    expect(summaryDifferences(summary({ augment: rotated }), o)).toEqual([
      "augment distort.maxRotationDeg 15 (asked: the default, 10)",
      'augment blur null (asked: the default, {"maxSigma":0.5})',
    ]);
    const states: Record<string, RunDirState> = {
      "runs/0.21M-ce-aug-seed1": { summary: summary({ augment }), hasCheckpoint: true, hasRunConfig: true },
    };
    expect(planRuns(o, (dir) => states[dir] ?? none).map((p) => p.action)).toEqual(["skip"]);
    const conflicts = planRuns(o, () => ({ summary: summary({}), hasCheckpoint: false, hasRunConfig: true }));
    expect(conflicts.map((p) => [p.action, p.reason])).toEqual([
      ["conflict", "finished with other options: not augmented (asked: --augment); kept (pass --overwrite to replace it, or use another --out)"],
    ]);
    expect(planRuns({ ...o, overwrite: true }, () => ({ summary: summary({}), hasCheckpoint: false, hasRunConfig: true }))[0]!.args.slice(-2)).toEqual([
      "runs/0.21M-ce-aug-seed1",
      "--overwrite",
    ]);
  });
});
