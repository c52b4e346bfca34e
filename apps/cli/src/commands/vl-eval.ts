import { resolve } from "node:path";
import { describeBackend } from "@llmnist/train/node";
import { QWEN25_VL_3B_BASELINE } from "@llmnist/mnistvl";
import { loadQwenTokenizer } from "@llmnist/mnistvl/node";
import { evaluateAndReport } from "../mnistvl/report.js";
import { activateBackend, BACKEND_CHOICES, logToStderr } from "../backend.js";
import type { Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice } from "../args/values.js";
import { DEFAULT_VL_CHECKPOINT } from "../paths.js";


const usage = `usage: llmnist vl-eval [--checkpoint FILE] [--out DIR] [--limit N] [--json]

Greedy answers of a trained MnistVL model for the MNIST test images, parsed as one digit
(anything else counts as wrong and as unparsed): accuracy, per-class accuracy, confusion
matrix, compared with the Qwen2.5-VL-3B zero-shot baseline (${QWEN25_VL_3B_BASELINE.accuracy}%).
Writes summary.json and confusion.svg into --out when given.

  --checkpoint FILE    a model written by vl-train (default: the shipped qwen2-small-scratch model)
  --out DIR            write summary.json + confusion.svg here
  --preset-name NAME   the name recorded in summary.json (default: the checkpoint's folder name)
  --limit N            only the first N test images
  --json               print the evaluation as JSON
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto)

example: llmnist vl-eval --limit 1000 --out /tmp/vl-eval   # the shipped model`;

export const vlEvalCommand: Command = {
  name: "vl-eval",
  summary: "evaluate a trained MnistVL model on the MNIST test set",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      checkpoint: { type: "string", default: DEFAULT_VL_CHECKPOINT },
      out: { type: "string" },
      "preset-name": { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean", default: false },
      backend: { type: "string", default: "auto" },
    });
    const limit = optionalIntFlag("--limit", values.limit, 1);
    const choice = await activateBackend(parseChoice("--backend", values.backend, BACKEND_CHOICES));
    const modelPath = resolve(values.checkpoint);
    const outDir = resolve(values.out ?? `${process.env.TMPDIR ?? "/tmp"}/llmnist-vl-eval`);
    const shipped = modelPath === DEFAULT_VL_CHECKPOINT ? "qwen2-small-scratch" : undefined;
    const presetName = values["preset-name"] ?? shipped ?? modelPath.split("/").at(-2) ?? "mnistvl";
    const evaluation = await evaluateAndReport({
      modelPath,
      tokenizer: await loadQwenTokenizer(),
      outDir,
      presetName,
      command: `llmnist vl-eval ${argv.join(" ")}`.trim(),
      backend: describeBackend(choice),
      evalLimit: limit,
      log: logToStderr,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(evaluation)}\n`);
    } else {
      process.stdout.write(`accuracy ${evaluation.accuracy.toFixed(2)}% (${evaluation.correct}/${evaluation.total}), unparsed ${evaluation.unparsed}; baseline ${QWEN25_VL_3B_BASELINE.model} ${QWEN25_VL_3B_BASELINE.accuracy}%\n`);
      process.stdout.write(`per class: ${evaluation.perClassAccuracy.map((a, d) => `${d}: ${a.toFixed(2)}%`).join("  ")}\n`);
      process.stdout.write(`row 0 of the confusion matrix: [${evaluation.confusion[0]!.join(" ")}] (baseline [${QWEN25_VL_3B_BASELINE.confusionRow0.join(" ")}])\n`);
      process.stdout.write(`summary.json and confusion.svg in ${outDir}\n`);
    }
    return 0;
  },
};
