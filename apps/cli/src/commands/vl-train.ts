import { resolve } from "node:path";
import { createConsoleProgress, describeBackend, TrainingAbortedError } from "@llmnist/train/node";
import { getMnistVLPreset, MNISTVL_PRESETS } from "@llmnist/mnistvl";
import { loadQwenTokenizer } from "@llmnist/mnistvl/node";
import { runQloraPreset } from "../mnistvl/run-qlora.js";
import { runScratchPreset } from "../mnistvl/run-scratch.js";
import { activateBackend, BACKEND_CHOICES, logToStderr } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice } from "../args/values.js";
import { resolveModelFlag } from "./hub-model.js";
import { abortOnSignals } from "../train/interrupt.js";

const PRESETS = Object.keys(MNISTVL_PRESETS);

const usage = `usage: llmnist vl-train [--preset NAME] [--out DIR] [--model DIR|ID] [options]

Trains MnistVL (a Qwen2 LM reading MNIST through a pixel projector) with the answer-token
loss through llmnist's training engine, evaluating on the test images after every epoch
(metrics.jsonl, curve.svg); then the best epoch's model (model.safetensors) is evaluated on the
10,000 MNIST test images: summary.json and confusion.svg. Resumable: Ctrl-C writes a checkpoint; rerun the same command to continue from
DIR/checkpoint.safetensors.

  --preset NAME        ${PRESETS.join(" | ")} (default qwen2-small-scratch)
  --out DIR            results folder (default results/mnistvl/<preset>)
  --model DIR|ID       the LM for qlora presets: a local Hugging Face folder, or a hub id downloaded once
                       into ~/.cache/llmnist/hub (LLMNIST_HF_CACHE; HF_ENDPOINT, HF_TOKEN apply);
                       default: the preset's hub id (Qwen/Qwen2.5-1.5B-Instruct)
  --epochs N           override the preset's epochs
  --max-steps N        stop after N optimiser steps in this call (rerun to resume)
  --threads N          1, or 2 for data-parallel training on wasm/cpu (default 2 on 2+ cores; LLMNIST_THREADS)
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
      threads: { type: "string" },
      "eval-limit": { type: "string" },
      backend: { type: "string", default: "auto" },
    });
    const presetName = parseChoice("--preset", values.preset, PRESETS as [string, ...string[]]);
    const preset = getMnistVLPreset(presetName);
    const epochs = optionalIntFlag("--epochs", values.epochs, 1);
    if (epochs !== undefined) preset.training.epochs = epochs;
    const maxSteps = optionalIntFlag("--max-steps", values["max-steps"], 1);
    const evalLimit = optionalIntFlag("--eval-limit", values["eval-limit"], 1);
    const threads = optionalIntFlag("--threads", values.threads, 1);
    if (threads !== undefined && threads > 2) throw new UsageError(`--threads must be 1 or 2, got ${threads}`);
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
    const progress = createConsoleProgress();
    const common = {
      preset,
      outDir,
      command: `llmnist vl-train ${argv.join(" ")}`.trim(),
      backend: describeBackend(choice),
      log,
      progress: { ...progress, onMessage: (line: string) => progress.onMessage?.(`[${new Date().toISOString()}] ${line}`) },
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(evalLimit === undefined ? {} : { evalLimit }),
      ...(threads === undefined ? {} : { threads }),
    };
    const interrupt = abortOnSignals();
    let result: Awaited<ReturnType<typeof runScratchPreset>>;
    try {
      result =
        preset.mode === "qlora"
          ? await runQloraPreset({ ...common, modelDir: modelDir!, signal: interrupt.signal })
          : await runScratchPreset({ ...common, tokenizer: await loadQwenTokenizer(), signal: interrupt.signal });
    } catch (error) {
      if (error instanceof TrainingAbortedError) {
        process.stderr.write(`${error.message}\ncontinue with: llmnist vl-train ${argv.join(" ")}\n`);
        return 130;
      }
      throw error;
    } finally {
      interrupt.release();
    }
    if (result) process.stdout.write(`${presetName}: ${result.accuracy.toFixed(2)}% on ${result.total} test images (${result.unparsed} unparsed); results in ${outDir}\n`);
    return 0;
  },
};
