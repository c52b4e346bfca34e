import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../command.js";
import { DEFAULT_CHECKPOINT, DEFAULT_VL_CHECKPOINT } from "../paths.js";
import { tempDir, VIT_FIXTURE } from "../test-helpers.js";
import { runTrain } from "./run-train.js";

// Distillation for real: the shipped 0.21M model teaches a fresh 0.21M on 9,600 images (300
// steps). With the KL term alone (weight 1) every bit of signal comes through the teacher's
// logits, so a student far above chance shows they reach the loss.
describe("llmnist train --teacher", () => {
  const outDir = tempDir("distill-run");
  process.env.LLMNIST_CACHE_DIR = tempDir("distill-cache"); // teacher logits
  const common = { preset: "0.21M", loss: "ce" as const, epochs: 1, batch: 32, seed: 1, trainLimit: 9600, testLimit: 1000, progress: false, log: () => {} };

  it("learns from the teacher's logits alone (weight 1, T 4) and records the teacher", async () => {
    const teacher = join(outDir, "teacher.safetensors");
    copyFileSync(DEFAULT_CHECKPOINT, teacher);
    const { summary } = await runTrain({ ...common, outDir: join(outDir, "kd"), teacher, kdTemperature: 4, kdWeight: 1 });
    expect(summary.final_accuracy).toBeGreaterThan(70);
    expect(summary.kd).toMatchObject({ teacher, teacher_preset: "0.21M", teacher_params: 214090, temperature: 4, weight: 1 });
    expect(summary.kd!.teacher_test_accuracy).toBeGreaterThan(95);
    // Resuming with other weights under the same options is refused, naming the teacher.
    const other = join(outDir, "other.safetensors");
    copyFileSync(VIT_FIXTURE, other);
    await expect(runTrain({ ...common, outDir: join(outDir, "kd"), teacher: other, kdTemperature: 4, kdWeight: 1, resume: true })).rejects.toThrow(
      /--teacher .*other\.safetensors is not the file the run started with/,
    );
  }, 300_000);

  it("refuses bad distillation options before touching --out", async () => {
    const out = join(outDir, "never");
    const bad = async (extra: Record<string, unknown>, pattern: RegExp) => {
      const attempt = runTrain({ ...common, outDir: out, ...extra });
      await expect(attempt).rejects.toThrow(UsageError);
      await expect(runTrain({ ...common, outDir: out, ...extra })).rejects.toThrow(pattern);
    };
    await bad({ teacher: join(outDir, "missing.safetensors") }, /--teacher: file not found: .*missing\.safetensors/);
    await bad({ teacher: DEFAULT_CHECKPOINT, kdWeight: 1.5 }, /--kd-weight must be a number in \[0, 1\], got 1.5/);
    await bad({ teacher: DEFAULT_CHECKPOINT, kdTemperature: 0 }, /--kd-temperature must be a number > 0, got 0/);
    await bad({ kdWeight: 0.5 }, /--kd-temperature and --kd-weight need --teacher FILE/);
    // An MnistVL file is not a ViT: the error names it, and --out stays untouched.
    await expect(runTrain({ ...common, outDir: out, teacher: DEFAULT_VL_CHECKPOINT })).rejects.toThrow(/mnistvl-qwen2-small-scratch\.safetensors/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
