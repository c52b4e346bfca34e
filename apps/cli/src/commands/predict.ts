import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { toMnistDigit, type MnistDigit } from "@llmnist/mnist-data";
import * as tf from "@tensorflow/tfjs-core";
import { activateBackend } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { asciiArt } from "../image/ascii-art.js";
import { decodePng } from "../image/decode-png.js";
import { loadModelFile } from "../model/load-model.js";
import { DEFAULT_CHECKPOINT } from "../paths.js";
import { describeDefaultModel } from "./default-model.js";
import { MODEL_FLAG_HELP, MODEL_FLAG_SPECS, modelFlags } from "./model-flags.js";

const usage = `usage: llmnist predict IMAGE.png... [--checkpoint FILE] [--json] [--show] [options]

Reads each PNG (any size, gray or colour; transparency counts as white paper; dark ink on
light paper or light on dark), brings it to MNIST form as MNIST was made (crop the ink,
scale the longer side to 20 px, centre by centre of mass in 28x28) and classifies it.

  --checkpoint FILE    default: the bundled model (assets/default-0.21M-ce-aug.safetensors)
  --json               one JSON object per image and line: {"file", "digit", "probabilities"}
  --show               also draw the 28x28 image the model sees
${MODEL_FLAG_HELP}

example: llmnist predict my-seven.png --show`;

export const predictCommand: Command = {
  name: "predict",
  summary: "classify PNG pictures of digits",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      { ...MODEL_FLAG_SPECS, json: { type: "boolean", default: false }, show: { type: "boolean", default: false } },
      true,
    );
    if (positionals.length === 0) throw new UsageError("give at least one PNG image");
    const missing = positionals.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new UsageError(`image not found: ${missing.join(", ")}`);
    const { load, backend } = modelFlags(values);
    const checkpoint = values.checkpoint ?? DEFAULT_CHECKPOINT;
    if (values.checkpoint === undefined && !existsSync(DEFAULT_CHECKPOINT)) {
      throw new UsageError(
        `no --checkpoint given and the default model is not installed (${DEFAULT_CHECKPOINT} is missing); ` +
          `train one with \`llmnist train\` and pass --checkpoint runs/<name>/best.safetensors`,
      );
    }

    const digits: Array<{ file: string; digit: MnistDigit }> = [];
    let failures = 0;
    for (const file of positionals) {
      try {
        digits.push({ file, digit: toMnistDigit(decodePng(await readFile(file), file), file) });
      } catch (error) {
        failures++;
        process.stderr.write(`${(error as Error).message}\n`);
      }
    }
    if (digits.length === 0) return 1;

    await activateBackend(backend);
    const loaded = await loadModelFile(checkpoint, load);
    process.stderr.write(loaded.description + "\n");
    if (values.checkpoint === undefined) process.stderr.write(describeDefaultModel() + "\n");

    const batch = new Float32Array(digits.length * 784);
    digits.forEach(({ digit }, i) => batch.set(digit.pixels, i * 784));
    const probabilities = tf.tidy(() => loaded.model.predictProba(tf.tensor4d(batch, [digits.length, 28, 28, 1])).arraySync());
    digits.forEach(({ file, digit }, i) => {
      const p = probabilities[i]!;
      const best = p.indexOf(Math.max(...p));
      if (values.json) {
        process.stdout.write(JSON.stringify({ file, digit: best, probabilities: p }) + "\n");
        return;
      }
      if (values.show) process.stdout.write(`${asciiArt(digit.pixels)}\n`);
      const ranked = p
        .map((v, d) => ({ d, v }))
        .sort((a, b) => b.v - a.v)
        .slice(0, 3)
        .map(({ d, v }) => `${d} ${(100 * v).toFixed(1)}%`);
      process.stdout.write(`${file}: ${best}  (${ranked.join(", ")})${digit.inverted ? "" : "  [light on dark]"}\n`);
    });
    return failures > 0 ? 1 : 0;
  },
};
