import { writeFileAtomic } from "@llmnist/safetensors/node";
import { confusionMatrixSvg } from "@llmnist/train";
import { activateBackend } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag } from "../args/values.js";
import { loadTestSet } from "../data/test-set.js";
import { evaluateWithProgress } from "../eval/evaluate-with-progress.js";
import { evaluationJson, formatEvaluation } from "../eval/format-evaluation.js";
import { loadModelFile } from "../model/load-model.js";
import { MODEL_FLAG_HELP, MODEL_FLAG_SPECS, modelFlags } from "./model-flags.js";

const usage = `usage: llmnist eval --checkpoint FILE [--json] [--confusion-svg FILE] [options]

Accuracy, per-class accuracy and the confusion matrix on the MNIST test set (10,000 images).
FILE may be a model from \`llmnist train\` (model.safetensors, best.safetensors; any preset,
mixture-of-experts ones included), a training checkpoint.safetensors, or PyTorch-layout weights
of the reference implementation.

  --checkpoint FILE    the weights to evaluate (required)
  --json               print one JSON object instead of the report
  --confusion-svg FILE also draw the confusion matrix as an SVG picture
  --limit N            only the first N test images
${MODEL_FLAG_HELP}

example: llmnist eval --checkpoint runs/0.21M-ce-seed6737151/best.safetensors --confusion-svg confusion.svg`;

export const evalCommand: Command = {
  name: "eval",
  summary: "accuracy, per-class accuracy and confusion matrix on the MNIST test set",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      ...MODEL_FLAG_SPECS,
      json: { type: "boolean", default: false },
      "confusion-svg": { type: "string" },
      limit: { type: "string" },
    });
    if (values.checkpoint === undefined) throw new UsageError("--checkpoint FILE is required");
    const { load, backend } = modelFlags(values);
    const limit = optionalIntFlag("--limit", values.limit, 1);
    await activateBackend(backend);
    const loaded = await loadModelFile(values.checkpoint, load);
    process.stderr.write(loaded.description + "\n");
    const test = await loadTestSet(limit, "--limit");
    const evaluation = await evaluateWithProgress(loaded.model, test);
    if (values["confusion-svg"] !== undefined) {
      const title = `ViT ${loaded.preset}: ${values.checkpoint}`;
      await writeFileAtomic(values["confusion-svg"], confusionMatrixSvg(evaluation.confusion, { title }));
      process.stderr.write(`confusion matrix picture: ${values["confusion-svg"]}\n`);
    }
    if (values.json) {
      const report = { checkpoint: values.checkpoint, preset: loaded.preset, ...evaluationJson(evaluation) };
      process.stdout.write(JSON.stringify(report) + "\n");
    } else {
      process.stdout.write(formatEvaluation(evaluation) + "\n");
    }
    return 0;
  },
};
