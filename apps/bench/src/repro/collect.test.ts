import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectRuns, teacherPresetFromPath } from "./collect.js";

function runsDir(): string {
  return mkdtempSync(join(tmpdir(), "llmnist-collect-"));
}

const metricsLine = (epoch: number, acc: number): string =>
  JSON.stringify({ epoch, train_loss: 0.1, test_accuracy: acc, lr: 1e-3, seconds: 100, steps: 1875 }) + "\n";

describe("collectRuns", () => {
  it("reads finished runs from summary.json", () => {
    const out = runsDir();
    mkdirSync(join(out, "0.21M-ce-seed0"));
    writeFileSync(
      join(out, "0.21M-ce-seed0", "summary.json"),
      JSON.stringify({ preset: "0.21M", loss: "ce", seed: 0, epochs: 10, best_accuracy: 99.1, final_accuracy: 99, params: 214090, backend: "wasm", wall_seconds: 5000, command: "x" }),
    );
    expect(collectRuns(out)).toEqual([
      {
        dir: join(out, "0.21M-ce-seed0"),
        preset: "0.21M",
        loss: "ce",
        seed: 0,
        epochsDone: 10,
        epochsPlanned: 10,
        bestAccuracy: 99.1,
        finalAccuracy: 99,
        params: 214090,
        backend: "wasm",
        wallSeconds: 5000,
        partial: false,
        trainImages: 60000,
        testImages: 10000,
        augmented: false,
      },
    ]);
  });

  it("reads partial runs from metrics.jsonl with run.json or the folder name, and skips runs with no epoch", () => {
    const out = runsDir();
    const a = join(out, "0.25M-cpo-seed7");
    mkdirSync(a);
    writeFileSync(join(a, "metrics.jsonl"), metricsLine(1, 97.5) + metricsLine(2, 98.25) + metricsLine(3, 98));
    writeFileSync(join(a, "run.json"), JSON.stringify({ preset: "0.25M", loss: "cpo", seed: 7, epochs: 10, batch: 32, train_limit: 5000, test_limit: null }));
    const b = join(out, "1.68M-ce-seed1");
    mkdirSync(b);
    writeFileSync(join(b, "metrics.jsonl"), metricsLine(1, 96));
    const c = join(out, "0.21M-ce-seed2");
    mkdirSync(c);
    writeFileSync(join(c, "metrics.jsonl"), ""); // started, no epoch yet
    writeFileSync(join(out, "tables.md"), "not a run folder");

    const runs = collectRuns(out);
    expect(runs.map((r) => r.dir)).toEqual([a, b]);
    expect(runs[0]).toMatchObject({
      preset: "0.25M",
      loss: "cpo",
      seed: 7,
      epochsDone: 3,
      epochsPlanned: 10,
      bestAccuracy: 98.25,
      finalAccuracy: 98,
      params: 251530,
      wallSeconds: 300,
      partial: true,
      trainImages: 5000,
      testImages: 10000,
    });
    expect(runs[1]).toMatchObject({ preset: "1.68M", loss: "ce", seed: 1, epochsPlanned: undefined, params: 1680010 });
  });

  it("reads a mixture-of-experts run's extras: from summary.json when finished, from its preset and metrics.jsonl when not", () => {
    const out = runsDir();
    const done = join(out, "0.21M-moe4-ce-seed1");
    mkdirSync(done);
    const load = [0, 1, 2, 3, 4, 5].map(() => [0.4, 0.3, 0.2, 0.1]);
    writeFileSync(
      join(done, "summary.json"),
      JSON.stringify({
        preset: "0.21M-moe4", loss: "ce", seed: 1, epochs: 10, train_images: 60000, test_images: 10000, best_accuracy: 99.1, final_accuracy: 99,
        params: 657994, params_total: 657994, params_active: 215626, backend: "wasm", threads: 2, wall_seconds: 4000, command: "x",
        moe: { experts: 4, top_k: 1, load }, train_aux_loss: 0.0612, train_images_per_second: 512.5,
      }),
    );
    const partial = join(out, "0.21M-moe4-ce-seed2");
    mkdirSync(partial);
    const withAux = (epoch: number, aux: number): string => JSON.stringify({ ...JSON.parse(metricsLine(epoch, 97)), train_aux_loss: aux }) + "\n";
    writeFileSync(join(partial, "metrics.jsonl"), withAux(1, 0.09) + withAux(2, 0.07));
    const runs = collectRuns(out);
    expect(runs[0]).toMatchObject({ preset: "0.21M-moe4", params: 657994, partial: false });
    expect(runs[0]!.moe).toEqual({ experts: 4, topK: 1, paramsActive: 215626, load, trainAuxLoss: 0.0612, trainImagesPerSecond: 512.5 });
    expect(runs[1]).toMatchObject({ preset: "0.21M-moe4", seed: 2, params: 657994, partial: true, epochsDone: 2 });
    expect(runs[1]!.moe).toEqual({ experts: 4, topK: 1, paramsActive: 215626, load: undefined, trainAuxLoss: 0.07, trainImagesPerSecond: undefined });
  });

  it("names a broken moe field", () => {
    const out = runsDir();
    mkdirSync(join(out, "m"));
    const summary = { preset: "0.21M-moe4", loss: "ce", seed: 0, epochs: 10, best_accuracy: 99, final_accuracy: 99, wall_seconds: 1 };
    writeFileSync(join(out, "m", "summary.json"), JSON.stringify({ ...summary, moe: { experts: 4, top_k: 1, load: [[0.5, 0.5]] } }));
    expect(() => collectRuns(out)).toThrow(/m\/summary.json: field "moe.load" must be a list of layers of 4 numbers each, got \[\[0.5,0.5\]\]/);
  });

    it("names the file and field when a summary is broken", () => {
    const out = runsDir();
    mkdirSync(join(out, "r"));
    writeFileSync(join(out, "r", "summary.json"), JSON.stringify({ preset: "0.21M", loss: "ce", seed: 0, epochs: 10, final_accuracy: 99, wall_seconds: 1 }));
    expect(() => collectRuns(out)).toThrow(/r\/summary.json: field "best_accuracy" must be a number, got undefined/);
    writeFileSync(join(out, "r", "summary.json"), "{");
    expect(() => collectRuns(out)).toThrow(/summary.json: cannot read JSON/);
  });

  it("refuses a partial run it cannot identify", () => {
    const out = runsDir();
    mkdirSync(join(out, "mystery"));
    writeFileSync(join(out, "mystery", "metrics.jsonl"), metricsLine(1, 90));
    expect(() => collectRuns(out)).toThrow(/mystery: a partial run without run.json and not named <preset>-<loss>-seed<N>/);
  });

  it("reads a finished distilled run's kd from summary.json, and a partial one's from run.json", () => {
    const out = runsDir();
    const teacher = "results/runs/1.68M-ce-seed6737151/best.safetensors";
    const done = join(out, "0.21M-ce-kd-seed1");
    mkdirSync(done);
    writeFileSync(
      join(done, "summary.json"),
      JSON.stringify({
        preset: "0.21M", loss: "ce", seed: 1, epochs: 10, best_accuracy: 99.2, final_accuracy: 99.1, params: 214090, backend: "wasm", wall_seconds: 5000,
        kd: { teacher, teacher_preset: "1.68M", teacher_params: 1680010, teacher_test_accuracy: 99.27, temperature: 4, weight: 0.9 },
      }),
    );
    const partial = join(out, "0.21M-ce-kd-seed6737151");
    mkdirSync(partial);
    writeFileSync(join(partial, "metrics.jsonl"), metricsLine(1, 97) + metricsLine(2, 97.7));
    writeFileSync(
      join(partial, "run.json"),
      JSON.stringify({ preset: "0.21M", loss: "ce", seed: 6737151, epochs: 10, batch: 32, train_limit: null, test_limit: null, kd: { teacher, teacher_hash: "79d69009", temperature: 2, weight: 0.5 } }),
    );
    const plain = join(out, "0.21M-ce-seed2");
    mkdirSync(plain);
    writeFileSync(join(plain, "metrics.jsonl"), metricsLine(1, 97));
    writeFileSync(join(plain, "run.json"), JSON.stringify({ preset: "0.21M", loss: "ce", seed: 2, epochs: 10, kd: null }));

    const runs = collectRuns(out);
    expect(runs.map((r) => [r.dir, r.preset, r.loss, r.seed, r.partial])).toEqual([
      [done, "0.21M", "ce", 1, false],
      [partial, "0.21M", "ce", 6737151, true],
      [plain, "0.21M", "ce", 2, true],
    ]);
    expect(runs[0]!.distillation).toEqual({ teacher, teacherPreset: "1.68M", temperature: 4, weight: 0.9 });
    // run.json has no teacher preset: read from the teacher's run folder
    expect(runs[1]!.distillation).toEqual({ teacher, teacherPreset: "1.68M", temperature: 2, weight: 0.5 });
    expect(runs[2]!.distillation).toBeUndefined();
    expect("distillation" in collectRuns(out).find((r) => r.dir === plain)!).toBe(false);
  });

  it("never takes a distilled partial run without run.json for a plain one, and names a broken kd", () => {
    const out = runsDir();
    mkdirSync(join(out, "0.21M-ce-kd-seed1"));
    writeFileSync(join(out, "0.21M-ce-kd-seed1", "metrics.jsonl"), metricsLine(1, 97));
    expect(() => collectRuns(out)).toThrow(/0\.21M-ce-kd-seed1: a distilled partial run .* without run.json: cannot tell its teacher/);
    writeFileSync(join(out, "0.21M-ce-kd-seed1", "run.json"), JSON.stringify({ preset: "0.21M", loss: "ce", seed: 1, kd: { teacher: "t.safetensors", weight: 0.9 } }));
    expect(() => collectRuns(out)).toThrow(/run.json \(kd\): field "temperature" must be a number, got undefined/);
  });

  it("knows a teacher's preset from its run folder only", () => {
    expect(teacherPresetFromPath("results/runs/1.68M-ce-seed6737151/best.safetensors")).toBe("1.68M");
    expect(teacherPresetFromPath("/abs/runs/0.25M-cpo-kd-seed1/model.safetensors")).toBe("0.25M");
    expect(teacherPresetFromPath("teachers/big.safetensors")).toBeUndefined();
    expect(teacherPresetFromPath("runs/9M-ce-seed1/model.safetensors")).toBeUndefined();
  });

  it("reads augmented runs (summary.json, run.json, or the folder name) and the drawn-digits.json accuracy", () => {
    const out = runsDir();
    const augment = { distort: null, stroke: { maxThicken: 1, maxThin: 0.5 }, blur: null, normalize: true, contrast: null };
    const done = join(out, "0.21M-ce-aug-seed1");
    mkdirSync(done);
    writeFileSync(
      join(done, "summary.json"),
      JSON.stringify({ preset: "0.21M", loss: "ce", seed: 1, epochs: 10, best_accuracy: 99.34, final_accuracy: 99.34, wall_seconds: 830, augment }),
    );
    // what llmnist eval --json printed (cut down): the accuracy is what the tables take
    writeFileSync(join(done, "drawn-digits.json"), JSON.stringify({ accuracy: 97.6, correct: 1952, total: 2000, by: { part: { font: { accuracy: 96.6 }, strokes: { accuracy: 98.6 } } } }));
    const plain = join(out, "0.21M-ce-seed1");
    mkdirSync(plain);
    writeFileSync(join(plain, "summary.json"), JSON.stringify({ preset: "0.21M", loss: "ce", seed: 1, epochs: 10, best_accuracy: 99, final_accuracy: 99, wall_seconds: 1, augment: null }));
    const withConfig = join(out, "0.21M-cpo-all-aug-seed2");
    mkdirSync(withConfig);
    writeFileSync(join(withConfig, "metrics.jsonl"), metricsLine(1, 97));
    writeFileSync(join(withConfig, "run.json"), JSON.stringify({ preset: "0.21M", loss: "cpo-all", seed: 2, epochs: 10, kd: null, augment }));
    const byName = join(out, "0.21M-cpo-all-aug-seed3");
    mkdirSync(byName);
    writeFileSync(join(byName, "metrics.jsonl"), metricsLine(1, 96));
    const oldConfig = join(out, "0.21M-cpo-seed4"); // run.json of a CLI before --augment: no field
    mkdirSync(oldConfig);
    writeFileSync(join(oldConfig, "metrics.jsonl"), metricsLine(1, 96));
    writeFileSync(join(oldConfig, "run.json"), JSON.stringify({ preset: "0.21M", loss: "cpo", seed: 4, epochs: 10 }));

    const runs = collectRuns(out);
    expect(runs.map((r) => [r.dir, r.loss, r.seed, r.partial, r.augmented, r.drawnDigits])).toEqual([
      [done, "ce", 1, false, true, 97.6],
      [plain, "ce", 1, false, false, undefined],
      [withConfig, "cpo-all", 2, true, true, undefined],
      [byName, "cpo-all", 3, true, true, undefined],
      [oldConfig, "cpo", 4, true, false, undefined],
    ]);
    expect("drawnDigits" in runs[1]!).toBe(false);
  });

  it("names the file and field of a broken augment or drawn-digits.json", () => {
    const out = runsDir();
    const dir = join(out, "0.21M-ce-aug-seed1");
    mkdirSync(dir);
    const summary = { preset: "0.21M", loss: "ce", seed: 1, epochs: 10, best_accuracy: 99, final_accuracy: 99, wall_seconds: 1 };
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ ...summary, augment: true }));
    expect(() => collectRuns(out)).toThrow(/0\.21M-ce-aug-seed1\/summary.json: field "augment" must be an object or null, got true/);
    writeFileSync(join(dir, "summary.json"), JSON.stringify(summary));
    writeFileSync(join(dir, "drawn-digits.json"), JSON.stringify({ total: 2000, acc: 97.6 }));
    expect(() => collectRuns(out)).toThrow(/0\.21M-ce-aug-seed1\/drawn-digits.json: field "accuracy" must be a number, got undefined/);
    writeFileSync(join(dir, "drawn-digits.json"), JSON.stringify({ accuracy: 0.976 * 1000 }));
    expect(() => collectRuns(out)).toThrow(/drawn-digits.json: field "accuracy" must be a percentage in \[0, 100\], got 976/);
    writeFileSync(join(dir, "drawn-digits.json"), '{"accuracy": 97.6');
    expect(() => collectRuns(out)).toThrow(/drawn-digits.json: cannot read JSON/);
    writeFileSync(join(dir, "drawn-digits.json"), "[97.6]");
    expect(() => collectRuns(out)).toThrow(/drawn-digits.json: expected a JSON object/);
  });

  it("gives no runs for a folder that does not exist", () => {
    expect(collectRuns(join(runsDir(), "missing"))).toEqual([]);
  });
});
