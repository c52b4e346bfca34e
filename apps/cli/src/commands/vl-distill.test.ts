import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getMnistVLPreset, prepareScratchModel } from "@llmnist/mnistvl";
import { loadQwenTokenizer, saveMnistVL } from "@llmnist/mnistvl/node";
import { runCli } from "../cli.js";
import { DEFAULT_VL_CHECKPOINT } from "../paths.js";
import { capture, tempDir } from "../test-helpers.js";
import { stageSteps, stageWeights } from "../mnistvl/run-distill.js";

describe("llmnist vl-distill", () => {
  it("runs DPT -> SFT -> DFT from the shipped teacher into the tiny student, resumably, and records each stage", async () => {
    const out = tempDir("vl-distill");
    const args = ["vl-distill", "--stages", "dpt,sft,dft", "--steps", "6", "--eval-limit", "20", "--threads", "1", "--gamma", "0.5", "--out", out];
    const { code, stdout, stderr } = await capture(() => runCli(args));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/qwen2-tiny-scratch after dpt -> sft -> dft: [\d.]+% on 20 test images/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      stages: Array<{ stage: string; steps: number; weights: Record<string, number> }>;
      teacher: string;
      test_images: number;
      student_params: number;
    };
    expect(summary.stages.map((s) => [s.stage, s.steps])).toEqual([["dpt", 2], ["sft", 2], ["dft", 2]]);
    expect(summary.stages[0]!.weights).toEqual({ answer: 1, res: 1, vis: 1, rel: 0.5 });
    expect(summary.stages[1]!.weights).toEqual({ answer: 1, res: 0, vis: 0, rel: 0 });
    expect(summary.teacher).toBe(DEFAULT_VL_CHECKPOINT);
    expect(summary.test_images).toBe(20);
    expect(existsSync(join(out, "model.safetensors"))).toBe(true);
    // A rerun finds every stage done and trains nothing.
    const again = await capture(() => runCli(args));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/stage 3\/3 dft: done earlier/);
    // The result is a model vl-eval reads.
    const evaluated = await capture(() => runCli(["vl-eval", "--checkpoint", join(out, "model.safetensors"), "--limit", "4", "--json"]));
    expect(evaluated.code).toBe(0);
  }, 300_000);

  it("refuses bad input before any training: missing teacher, negative weights, stage order, a teacher that does not pair", async () => {
    const out = tempDir("vl-distill-bad");
    const fail = async (extra: string[], pattern: RegExp) => {
      const { code, stderr } = await capture(() => runCli(["vl-distill", "--steps", "3", "--out", join(out, "run"), ...extra]));
      expect(code).toBe(2);
      expect(stderr).toMatch(pattern);
      expect(existsSync(join(out, "run"))).toBe(false);
    };
    await fail(["--teacher", join(out, "nope.safetensors")], /--teacher: file not found: .*nope\.safetensors/);
    await fail(["--alpha=-1"], /--alpha must be a number >= 0, got -1/);
    await fail(["--stages", "dft,sft"], /--stages must list distinct stages in the order dpt, sft, dft/);
    await fail(["--stages", "kd"], /--stages: unknown stage "kd"/);
    await fail(["--temperature", "0"], /--temperature must be a number > 0/);
    await fail(["--steps", "2"], /--steps 2 is fewer than one step per stage \(3 stages\)/);
    // A ViT file is not an MnistVL model; a non-model file is rejected with its name.
    const junk = join(out, "junk.safetensors");
    writeFileSync(junk, "not a safetensors file");
    await fail(["--teacher", junk], /junk\.safetensors/);
    // A teacher with 2 image tokens cannot teach the 4-token student: positions would not line up.
    const tokenizer = await loadQwenTokenizer();
    const preset = getMnistVLPreset("qwen2-tiny-scratch");
    preset.spec.projector = { kind: "flat", imageTokens: 2, hiddenSize: 8 };
    const other = prepareScratchModel(preset, tokenizer);
    const otherPath = join(out, "two-tokens.safetensors");
    await saveMnistVL(otherPath, other.vl, preset.spec, other.vocab);
    await fail(["--teacher", otherPath], /2 image tokens, the student has 4; visual positions would not line up/);
  }, 120_000);

  it("splits steps over stages and weights them as LLaVA-KD's equations (6) and (7)", () => {
    expect(stageSteps(10, 3)).toEqual([3, 3, 4]);
    expect(stageWeights("dpt", { alpha: 2, beta: 3, gamma: 4 })).toEqual({ answer: 1, res: 2, vis: 3, rel: 4 });
    expect(stageWeights("sft", { alpha: 2, beta: 3, gamma: 4 })).toEqual({ answer: 1, res: 0, vis: 0, rel: 0 });
  });
});
