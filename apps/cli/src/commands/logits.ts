import * as tf from "@tensorflow/tfjs-core";
import { MNIST_PIXELS } from "@llmnist/mnist-data";
import { activateBackend } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseIndexRanges } from "../args/index-ranges.js";
import { parseFlags } from "../args/parse-flags.js";
import { loadTestSet } from "../data/test-set.js";
import { loadModelFile } from "../model/load-model.js";
import { MODEL_FLAG_HELP, MODEL_FLAG_SPECS, modelFlags } from "./model-flags.js";

const usage = `usage: llmnist logits --checkpoint FILE [--indices 0-15] [--json] [options]

The raw logits (10 per image) of MNIST test images (pixels / 255), e.g. to compare with the
PyTorch reference implementation.

  --checkpoint FILE    the weights (required)
  --indices LIST       test image indices: 7, 0-15 or 3,5,9-12 (default 0-15)
  --json               print a JSON array of logit rows (one per index, in order)
${MODEL_FLAG_HELP}

example: llmnist logits --checkpoint ../shared/fixtures/vit-0.21M-seed0.safetensors --format pytorch --preset 0.21M --indices 0-15 --json`;

export const logitsCommand: Command = {
  name: "logits",
  summary: "print a model's logits for chosen MNIST test images",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      ...MODEL_FLAG_SPECS,
      indices: { type: "string", default: "0-15" },
      json: { type: "boolean", default: false },
    });
    if (values.checkpoint === undefined) throw new UsageError("--checkpoint FILE is required");
    const { load, backend } = modelFlags(values);
    const test = await loadTestSet();
    const indices = parseIndexRanges("--indices", values.indices, test.count);
    await activateBackend(backend);
    const loaded = await loadModelFile(values.checkpoint, load);
    process.stderr.write(loaded.description + "\n");

    const pixels = new Float32Array(indices.length * MNIST_PIXELS);
    indices.forEach((k, row) => pixels.set(test.images.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS), row * MNIST_PIXELS));
    const logits = tf.tidy(() => loaded.model.forward(tf.tensor4d(pixels, [indices.length, 28, 28, 1])).arraySync());
    if (values.json) {
      process.stdout.write(JSON.stringify(logits) + "\n");
    } else {
      indices.forEach((k, row) => {
        const values = logits[row]!.map((v) => v.toFixed(4).padStart(9)).join("");
        process.stdout.write(`${String(k).padStart(5)}  label ${test.labels[k]}  ${values}\n`);
      });
    }
    return 0;
  },
};
