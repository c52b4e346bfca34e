import { resolve } from "node:path";
import { describeBackend } from "@llmnist/train";
import { getMnistVLPreset, loadQwenTokenizer, MNISTVL_PRESETS, runQloraPreset, runScratchPreset } from "@llmnist/mnistvl";
import { activateBackend, BACKEND_CHOICES, logToStderr } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice } from "../args/values.js";
import { resolveModelFlag } from "./hub-model.js";

const PRESETS = Object.keys(MNISTVL_PRESETS);

const usage = `usage: llmnist vl-train [--preset NAME] [--out DIR] [--model DIR|ID] [options]

Trains MnistVL (a Qwen2 LM reading MNIST through a pixel projector) with the answer-token
loss, then evaluates it on the 10,000 MNIST test images and writes summary.json and
confusion.svg. Resumable: rerun the same command to continue from DIR/checkpoint.safetensors.

  --preset NAME        ${PRESETS.join(" | ")} (default qwen2-small-scratch)
  --out DIR            results folder (default results/mnistvl/<preset>)
  --model DIR|ID       the LM for qlora presets: a local Hugging Face folder, or a hub id downloaded once
                       into ~/.cache/llmnist/hub (LLMNIST_HF_CACHE; HF_ENDPOINT, HF_TOKEN apply);
                       default: the preset's hub id (Qwen/Qwen2.5-1.5B-Instruct)
  --epochs N           override the preset's epochs
  --max-steps N        stop after N optimiser steps (resume later)
  --eval-limit N       evaluate on the first N test images only
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)

example: llmnist vl-train --preset qwen2-small-scratch
example: llmnist vl-train --preset qwen2.5-1.5b-instruct --model ~/models/Qwen2.5-1.5B-Instruct --backend tensorflow-gpu
example: llmnist vl-train --preset qwen2.5-1.5b-instruct --backend tensorflow-gpu   # downloads Qwen/Qwen2.5-1.5B-Instruct`;

export const vlTrainCommand: Command = {
  name: "vl-train",
  summary: "train and evaluate MnistVL (Qwen2 LM + pixel projector, LoRA/QLoRA or from scratch)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      preset: { type: "string", default: "qwen2-small-scratch" },
      out: { type: "string" },
      model: { type: "string" },
      epochs: { type: "string" },
      "max-steps": { type: "string" },
      "eval-limit": { type: "string" },
      backend: { type: "string", default: "auto" },
    });
    const presetName = parseChoice("--preset", values.preset, PRESETS as [string, ...string[]]);
    const preset = getMnistVLPreset(presetName);
    const epochs = optionalIntFlag("--epochs", values.epochs, 1);
    if (epochs !== undefined) preset.training.epochs = epochs;
    const maxSteps = optionalIntFlag("--max-steps", values["max-steps"], 1);
    const evalLimit = optionalIntFlag("--eval-limit", values["eval-limit"], 1);
    const backendName = parseChoice("--backend", values.backend, BACKEND_CHOICES);
    const model = values.model ?? preset.hubId;
    if (preset.mode === "qlora" && model === undefined) {
      throw new UsageError(`--model DIR|ID is required for ${presetName}: a Hugging Face folder or hub id of its LM`);
    }
    const outDir = resolve(values.out ?? `results/mnistvl/${presetName}`);
    // Before the backend: a download that cannot happen should fail at once.
    const modelDir = preset.mode === "qlora" ? await resolveModelFlag(model!) : undefined;
    const choice = await activateBackend(backendName);
    const log = (line: string) => logToStderr(`[${new Date().toISOString()}] ${line}`);
    const common = { preset, outDir, command: `llmnist vl-train ${argv.join(" ")}`.trim(), backend: describeBackend(choice), log, maxSteps, evalLimit };
    const result =
      preset.mode === "qlora"
        ? await runQloraPreset({ ...common, modelDir: modelDir! })
        : await runScratchPreset({ ...common, tokenizer: await loadQwenTokenizer() });
    if (result) process.stdout.write(`${presetName}: ${result.accuracy.toFixed(2)}% on ${result.total} test images (${result.unparsed} unparsed); results in ${outDir}\n`);
    return 0;
  },
};
