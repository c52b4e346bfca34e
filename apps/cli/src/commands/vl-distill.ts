import { resolve } from "node:path";
import { createConsoleProgress, describeBackend, TrainingAbortedError } from "@llmnist/train/node";
import { getMnistVLPreset, MNISTVL_PRESETS } from "@llmnist/mnistvl";
import { VL_DISTILL_STAGES, type VLDistillStageName } from "@llmnist/mnistvl/node";
import { activateBackend, BACKEND_CHOICES, logToStderr } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice, parseIntFlag, parseNumberFlag } from "../args/values.js";
import { runDistill } from "../mnistvl/run-distill.js";
import { abortOnSignals } from "../train/interrupt.js";
import { DEFAULT_VL_CHECKPOINT } from "../paths.js";

const SCRATCH_PRESETS = Object.values(MNISTVL_PRESETS)
  .filter((p) => p.mode === "scratch")
  .map((p) => p.name);
export const DEFAULT_DISTILL_STEPS = 468;

const usage = `usage: llmnist vl-distill [--teacher FILE] [--student-preset NAME] [--stages dpt,sft,dft] [--out DIR] [options]

LLaVA-KD (PAPER.md section 5): distils a from-scratch MnistVL teacher into a smaller student
of the same tokenizer, prompt and image-token count, in up to three stages, each a resumable
run of the training engine that starts from the previous stage's student:
  dpt  distilled pre-training, projector only:  L_ans + a L_res + b L_vis + c L_rel
  sft  supervised fine-tuning, projector + LM:  L_ans
  dft  distilled fine-tuning, projector + LM:   L_ans + a L_res + b L_vis + c L_rel
L_ans: the answer-token cross-entropy; L_res / L_vis: KL(teacher || student) over the whole
vocabulary at the answer / image-token positions; L_rel: 1 - cos of the image positions'
self-correlation matrices of the logits. Each stage ends with the student's answers on the test
images; the last stage's student is DIR/model.safetensors (usable by vl-ask and vl-eval).

  --teacher FILE         a from-scratch MnistVL (default: the shipped qwen2-small-scratch model);
                         not read when the only stage is sft
  --student-preset NAME  ${SCRATCH_PRESETS.join(" | ")} (default qwen2-tiny-scratch)
  --stages LIST          in order, from dpt, sft, dft (default dpt,sft,dft)
  --steps N              optimiser steps of the whole run, split evenly over the stages
                         (default ${DEFAULT_DISTILL_STEPS}: one pass over 60,000 images at the preset's batch of 128)
  --alpha A              weight of L_res in dpt and dft (default 1)
  --beta B               weight of L_vis in dpt and dft (default 1)
  --gamma C              weight of L_rel in dpt and dft (default 1)
  --temperature T        softmax temperature of L_res and L_vis (default 1)
  --lr LR                peak learning rate of every stage (default: the student preset's)
  --seed N               the student's initialisation, image draw and distortions (default 0)
  --out DIR              default results/distill/mnistvl/<stages>-seed<N>
  --threads N            1, or 2 for data-parallel training on wasm/cpu (default 2 on 2+ cores; LLMNIST_THREADS)
  --eval-limit N         evaluate on the first N test images only
  --backend NAME         ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)

example: llmnist vl-distill --stages dpt,sft,dft --seed 1 --out runs/kd-three-stages
example: llmnist vl-distill --stages dft --gamma 0 --out runs/kd-mdist   # MDist without RDist, one stage`;

export const vlDistillCommand: Command = {
  name: "vl-distill",
  summary: "distil a MnistVL teacher into a smaller student (LLaVA-KD: DPT, SFT, DFT)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      teacher: { type: "string" },
      "student-preset": { type: "string", default: "qwen2-tiny-scratch" },
      stages: { type: "string", default: "dpt,sft,dft" },
      steps: { type: "string", default: String(DEFAULT_DISTILL_STEPS) },
      alpha: { type: "string", default: "1" },
      beta: { type: "string", default: "1" },
      gamma: { type: "string", default: "1" },
      temperature: { type: "string", default: "1" },
      lr: { type: "string" },
      seed: { type: "string", default: "0" },
      out: { type: "string" },
      threads: { type: "string" },
      "eval-limit": { type: "string" },
      backend: { type: "string", default: "auto" },
    });
    const presetName = parseChoice("--student-preset", values["student-preset"], SCRATCH_PRESETS as [string, ...string[]]);
    const stages = parseStages(values.stages);
    const weights = { alpha: weightFlag("--alpha", values.alpha), beta: weightFlag("--beta", values.beta), gamma: weightFlag("--gamma", values.gamma) };
    const temperature = parseNumberFlag("--temperature", values.temperature);
    if (!(temperature > 0)) throw new UsageError(`--temperature must be a number > 0, got ${values.temperature}`);
    const steps = parseIntFlag("--steps", values.steps, 1);
    const lr = values.lr === undefined ? undefined : parseNumberFlag("--lr", values.lr);
    if (lr !== undefined && !(lr > 0)) throw new UsageError(`--lr must be a number > 0, got ${values.lr}`);
    const studentPreset = getMnistVLPreset(presetName);
    if (lr !== undefined) studentPreset.training.peakLr = lr;
    const seed = parseIntFlag("--seed", values.seed, 0);
    const threads = optionalIntFlag("--threads", values.threads, 1);
    if (threads !== undefined && threads > 2) throw new UsageError(`--threads must be 1 or 2, got ${threads}`);
    const evalLimit = optionalIntFlag("--eval-limit", values["eval-limit"], 1);
    const backendName = parseChoice("--backend", values.backend, BACKEND_CHOICES);
    const onlySft = stages.every((s) => s === "sft");
    const teacherPath = values.teacher ?? (onlySft ? undefined : DEFAULT_VL_CHECKPOINT);
    const outDir = resolve(values.out ?? `results/distill/mnistvl/${stages.join("-")}-seed${seed}`);
    const choice = await activateBackend(backendName);
    const log = (line: string) => logToStderr(`[${new Date().toISOString()}] ${line}`);
    const progress = createConsoleProgress();
    const interrupt = abortOnSignals();
    try {
      const summary = await runDistill({
        ...(teacherPath === undefined ? {} : { teacherPath }),
        studentPreset,
        stages,
        steps,
        weights,
        temperature,
        seed,
        outDir,
        ...(evalLimit === undefined ? {} : { evalLimit }),
        ...(threads === undefined ? {} : { threads }),
        progress: { ...progress, onMessage: (line: string) => progress.onMessage?.(`[${new Date().toISOString()}] ${line}`) },
        signal: interrupt.signal,
        log,
        command: `llmnist vl-distill ${argv.join(" ")}`.trim(),
        backend: describeBackend(choice),
      });
      process.stdout.write(
        `${presetName} after ${stages.join(" -> ")}: ${summary.test_accuracy.toFixed(2)}% on ${summary.test_images} test images ` +
          `(${(summary.wall_seconds / 60).toFixed(1)} min); results in ${outDir}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof TrainingAbortedError) {
        process.stderr.write(`${error.message}\ncontinue with: llmnist vl-distill ${argv.join(" ")}\n`);
        return 130;
      }
      throw error;
    } finally {
      interrupt.release();
    }
  },
};

function parseStages(text: string): VLDistillStageName[] {
  const stages = text.split(",").map((s) => s.trim());
  for (const s of stages) {
    if (!(VL_DISTILL_STAGES as readonly string[]).includes(s)) throw new UsageError(`--stages: unknown stage ${JSON.stringify(s)}; expected some of ${VL_DISTILL_STAGES.join(", ")}`);
  }
  const order = stages.map((s) => VL_DISTILL_STAGES.indexOf(s as VLDistillStageName));
  if (new Set(stages).size !== stages.length || order.some((v, i) => i > 0 && v < order[i - 1]!)) {
    throw new UsageError(`--stages must list distinct stages in the order dpt, sft, dft, got ${JSON.stringify(text)}`);
  }
  return stages as VLDistillStageName[];
}

function weightFlag(flag: string, value: string): number {
  const w = parseNumberFlag(flag, value);
  if (w < 0) throw new UsageError(`${flag} must be a number >= 0, got ${value}`);
  return w;
}
