import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CanvasOptionError, checkCanvasSetOptions, type CanvasSetOptions } from "@llmnist/detect";
import { createConsoleProgress, describeBackend, TrainingAbortedError } from "@llmnist/train/node";
import { activateBackend, BACKEND_CHOICES, logToStderr } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice, parseIntFlag, parseNumberFlag } from "../args/values.js";
import { asUsageError, parseSizes } from "../detect-data/flags.js";
import { runDetectTrain } from "../detect/run-detect-train.js";
import { abortOnSignals } from "../train/interrupt.js";

const usage = `usage: llmnist detect-train [--out DIR] [options]

Trains the ViT digit detector (@llmnist/vit-detector: 2-D RoPE, grid head) on seeded synthetic
canvases of MNIST training digits through the training engine (resumable: Ctrl-C writes a
checkpoint, the same command continues), with COCO mAP on canvases of test digits (of mixed
sizes: the model takes any size) after every epoch. The best epoch by AP@[.5:.95] is saved as
DIR/model.safetensors, with summary.json and the engine's metrics.jsonl.

  --out DIR            default results/detect/vit-detector
  --canvases N         training canvases per epoch (default 20000)
  --sizes LIST         training canvas sizes, one per step in turn (default 128x128)
  --test-canvases N    test canvases (default 200)
  --test-sizes LIST    test canvas sizes, taken in turn (default 96x96,128x128,192x160)
  --max-digits N       digits per canvas, 1..N (default 4)
  --center-radius R    cells around a digit's centre (inside its box) that also answer for it,
                       in cells (default 1; 0: the centre cell only)
  --init FILE          start from this detector's weights and config (fine-tuning)
  --epochs N           default 5
  --batch N            canvases per step (default 16)
  --lr LR              peak learning rate (default 1e-3), warm-up then cosine
  --warmup-steps N     default 300
  --seed N             initialisation, canvases (test canvases use seed + 1) (default 0)
  --max-steps N        stop after N optimiser steps in this call (rerun to resume)
  --threads N          1, or 2 for data-parallel training on wasm/cpu (default 2 on 2+ cores)
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)

example: llmnist detect-train --canvases 2000 --epochs 1 --out runs/detector`;

export const detectTrainCommand: Command = {
  name: "detect-train",
  summary: "train the ViT digit detector on synthetic multi-digit canvases (resumable)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      out: { type: "string", default: "results/detect/vit-detector" },
      canvases: { type: "string", default: "20000" },
      sizes: { type: "string", default: "128x128" },
      "test-canvases": { type: "string", default: "200" },
      "test-sizes": { type: "string", default: "96x96,128x128,192x160" },
      "max-digits": { type: "string", default: "4" },
      "center-radius": { type: "string", default: "1" },
      init: { type: "string" },
      epochs: { type: "string", default: "5" },
      batch: { type: "string", default: "16" },
      lr: { type: "string", default: "1e-3" },
      "warmup-steps": { type: "string", default: "300" },
      seed: { type: "string", default: "0" },
      "max-steps": { type: "string" },
      threads: { type: "string" },
      backend: { type: "string", default: "auto" },
    });
    const seed = parseIntFlag("--seed", values.seed, 0);
    const maxDigits = parseIntFlag("--max-digits", values["max-digits"], 1);
    const trainSet: CanvasSetOptions = { count: parseIntFlag("--canvases", values.canvases, 1), seed, sizes: parseSizes(values.sizes), maxDigits };
    const testSet: CanvasSetOptions = { count: parseIntFlag("--test-canvases", values["test-canvases"], 1), seed: seed + 1, sizes: parseSizes(values["test-sizes"]), maxDigits };
    try {
      checkCanvasSetOptions(trainSet);
      checkCanvasSetOptions(testSet);
    } catch (e) {
      if (e instanceof CanvasOptionError) throw asUsageError(e);
      throw e;
    }
    const peakLr = parseNumberFlag("--lr", values.lr);
    if (!(peakLr > 0)) throw new UsageError(`--lr must be a number > 0, got ${values.lr}`);
    const centerRadius = parseNumberFlag("--center-radius", values["center-radius"]);
    if (!(centerRadius >= 0 && centerRadius <= 8)) throw new UsageError(`--center-radius must be a number in [0, 8], got ${values["center-radius"]}`);
    const init = values.init === undefined ? undefined : resolve(values.init);
    if (init !== undefined && !existsSync(init)) throw new UsageError(`--init ${values.init}: no such file`);
    const threads = optionalIntFlag("--threads", values.threads, 1);
    if (threads !== undefined && threads > 2) throw new UsageError(`--threads must be 1 or 2, got ${threads}`);
    const maxSteps = optionalIntFlag("--max-steps", values["max-steps"], 1);
    const choice = await activateBackend(parseChoice("--backend", values.backend, BACKEND_CHOICES));
    const log = (line: string) => logToStderr(`[${new Date().toISOString()}] ${line}`);
    const progress = createConsoleProgress();
    const interrupt = abortOnSignals();
    const outDir = resolve(values.out);
    try {
      const summary = await runDetectTrain({
        outDir,
        config: {},
        centerRadius,
        ...(init === undefined ? {} : { init }),
        trainSet,
        testSet,
        epochs: parseIntFlag("--epochs", values.epochs, 1),
        batchSize: parseIntFlag("--batch", values.batch, 1),
        peakLr,
        warmupSteps: parseIntFlag("--warmup-steps", values["warmup-steps"], 0),
        seed,
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...(threads === undefined ? {} : { threads }),
        progress: { ...progress, onMessage: (line: string) => progress.onMessage?.(`[${new Date().toISOString()}] ${line}`) },
        signal: interrupt.signal,
        log,
        command: `llmnist detect-train ${argv.join(" ")}`.trim(),
        backend: describeBackend(choice),
      });
      if (summary === null) {
        process.stderr.write(`stopped after --max-steps; run again to resume\n`);
        return 0;
      }
      process.stdout.write(`best epoch ${summary.best_epoch}: COCO AP ${summary.map.toFixed(1)}, AP50 ${summary.map_50.toFixed(1)}, AP75 ${summary.map_75.toFixed(1)} on ${summary.test_canvases} test canvases; model in ${outDir}/model.safetensors\n`);
      return 0;
    } catch (error) {
      if (error instanceof TrainingAbortedError) {
        process.stderr.write(`${error.message}\ncontinue with: llmnist detect-train ${argv.join(" ")}\n`);
        return 130;
      }
      throw error;
    } finally {
      interrupt.release();
    }
  },
};
