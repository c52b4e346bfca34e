import * as tf from "@tensorflow/tfjs-core";
import { loadQwen2Folder } from "@llmnist/mnistvl/node";
import { activateBackend, BACKEND_CHOICES } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseChoice } from "../args/values.js";
import { resolveModelFlag } from "./hub-model.js";

const usage = `usage: llmnist lm-logits --model DIR|ID --ids 1,2,3 [--json]

Loads a Hugging Face Qwen2 checkpoint folder (config.json + model.safetensors or a sharded
model.safetensors.index.json; F32/F16/BF16) and prints the next-token logits at every
position of the token id sequence, e.g. to compare with transformers.

  --model DIR|ID       the checkpoint folder, or a hub id (owner/name) downloaded once into
                       ~/.cache/llmnist/hub (LLMNIST_HF_CACHE; HF_ENDPOINT, HF_TOKEN apply) (required)
  --ids LIST           comma-separated token ids (required)
  --json               print a JSON array of logit rows (one per position)
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto)

example: llmnist lm-logits --model ../shared/fixtures/qwen2-tiny --ids 37,235,908 --json
example: llmnist lm-logits --model Qwen/Qwen2.5-0.5B-Instruct --ids 9707,11`;

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
    if (values.model === undefined) throw new UsageError("--model DIR|ID is required");
    if (values.ids === undefined) throw new UsageError("--ids LIST is required");
    const ids = values.ids.split(",").map((s) => s.trim());
    if (ids.length === 0 || ids.some((s) => !/^\d+$/.test(s))) throw new UsageError(`--ids must be comma-separated non-negative integers, got ${JSON.stringify(values.ids)}`);
    const backend = parseChoice("--backend", values.backend, BACKEND_CHOICES);
    const dir = await resolveModelFlag(values.model);
    await activateBackend(backend);
    const model = await loadQwen2Folder(dir);
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
