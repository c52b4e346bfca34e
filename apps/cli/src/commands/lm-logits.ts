import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { loadQwen2Folder } from "@llmnist/mnistvl";
import { activateBackend, BACKEND_CHOICES } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseChoice } from "../args/values.js";

const usage = `usage: llmnist lm-logits --model DIR --ids 1,2,3 [--json]

Loads a Hugging Face Qwen2 checkpoint folder (config.json + model.safetensors or a sharded
model.safetensors.index.json; F32/F16/BF16) and prints the next-token logits at every
position of the token id sequence, e.g. to compare with transformers.

  --model DIR          the checkpoint folder (required)
  --ids LIST           comma-separated token ids (required)
  --json               print a JSON array of logit rows (one per position)
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto)

example: llmnist lm-logits --model ../shared/fixtures/qwen2-tiny --ids 37,235,908 --json`;

export const lmLogitsCommand: Command = {
  name: "lm-logits",
  summary: "print a Qwen2 checkpoint's logits for token ids",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      model: { type: "string" },
      ids: { type: "string" },
      json: { type: "boolean", default: false },
      backend: { type: "string", default: "auto" },
    });
    if (values.model === undefined) throw new UsageError("--model DIR is required");
    if (values.ids === undefined) throw new UsageError("--ids LIST is required");
    const ids = values.ids.split(",").map((s) => s.trim());
    if (ids.length === 0 || ids.some((s) => !/^\d+$/.test(s))) throw new UsageError(`--ids must be comma-separated non-negative integers, got ${JSON.stringify(values.ids)}`);
    await activateBackend(parseChoice("--backend", values.backend, BACKEND_CHOICES));
    const model = await loadQwen2Folder(resolve(values.model));
    const tokens = ids.map(Number);
    const bad = tokens.find((t) => t >= model.qwenConfig.vocabSize);
    if (bad !== undefined) throw new UsageError(`--ids: token ${bad} is outside the model's vocabulary [0, ${model.qwenConfig.vocabSize})`);
    const rows = tf.tidy(() => {
      const logits = model.forward({ inputIds: tf.tensor2d([tokens], [1, tokens.length], "int32") }); // [1, n, vocab]
      return (logits.arraySync() as number[][][])[0]!;
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
    } else {
      rows.forEach((row, position) => {
        let best = 0;
        row.forEach((v, i) => {
          if (v > row[best]!) best = i;
        });
        process.stdout.write(`position ${position} (id ${tokens[position]}): argmax ${best} (${row[best]!.toFixed(4)})  first: ${row.slice(0, 5).map((v) => v.toFixed(4)).join(" ")}\n`);
      });
    }
    model.disposeWeights();
    return 0;
  },
};
