import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { toMnistDigit } from "@llmnist/mnist-data";
import * as tf from "@tensorflow/tfjs-core";
import { buildVisionPrompt, generateFromEmbeddings, MNIST_QUESTION, MnistVL, parseDigitAnswer } from "@llmnist/mnistvl";
import { loadMnistVL, loadQwenTokenizer } from "@llmnist/mnistvl/node";
import { activateBackend, BACKEND_CHOICES } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { optionalIntFlag, parseChoice } from "../args/values.js";
import { decodePng } from "../image/index.js";
import { DEFAULT_VL_CHECKPOINT } from "../paths.js";


const usage = `usage: llmnist vl-ask IMAGE.png ["question"] [--checkpoint FILE] [options]

Asks MnistVL about a picture of one digit. The PNG is brought to MNIST form (ink found and
inverted if dark-on-light, cropped, scaled to 20 px, centred by mass in 28x28), projected to
image tokens and placed in the Qwen2.5 chat prompt; the model's answer is printed.

  --checkpoint FILE    a model written by vl-train (default: the shipped qwen2-small-scratch model)
  --max-new-tokens N   answer length limit (default 8)
  --temperature T      0 = greedy (default); > 0 samples
  --top-k K, --top-p P sampling filters
  --seed N             sampling seed (default 0)
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto)

question default: "${MNIST_QUESTION}"
example: llmnist vl-ask digit.png`;

export const vlAskCommand: Command = {
  name: "vl-ask",
  summary: "ask MnistVL what digit a PNG shows",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        checkpoint: { type: "string", default: DEFAULT_VL_CHECKPOINT },
        "max-new-tokens": { type: "string", default: "8" },
        temperature: { type: "string", default: "0" },
        "top-k": { type: "string" },
        "top-p": { type: "string" },
        seed: { type: "string", default: "0" },
        backend: { type: "string", default: "auto" },
      },
      true,
    );
    const [imagePath, question = MNIST_QUESTION, ...rest] = positionals;
    if (imagePath === undefined) throw new UsageError("IMAGE.png is required");
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])} (quote the question)`);
    const temperature = Number(values.temperature);
    if (!(temperature >= 0)) throw new UsageError(`--temperature must be a number >= 0, got ${JSON.stringify(values.temperature)}`);
    const topP = values["top-p"] === undefined ? undefined : Number(values["top-p"]);
    if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new UsageError(`--top-p must be in (0, 1], got ${JSON.stringify(values["top-p"])}`);
    const maxNewTokens = optionalIntFlag("--max-new-tokens", values["max-new-tokens"], 1)!;
    const topK = optionalIntFlag("--top-k", values["top-k"], 0);
    const seed = optionalIntFlag("--seed", values.seed, 0)!;

    let bytes: Uint8Array;
    try {
      bytes = await readFile(imagePath);
    } catch (err) {
      throw new UsageError(`cannot read ${imagePath}: ${(err as Error).message}`);
    }
    const digit = toMnistDigit(decodePng(bytes, imagePath), imagePath);
    await activateBackend(parseChoice("--backend", values.backend, BACKEND_CHOICES));
    const tokenizer = await loadQwenTokenizer();
    const { vl: trained } = await loadMnistVL(resolve(values.checkpoint), tokenizer);
    const vl = new MnistVL(trained.lm, trained.projector, buildVisionPrompt(tokenizer, trained.imageTokens, question));
    const pixels = tf.tensor2d(digit.pixels, [1, digit.pixels.length]);
    const prefix = vl.prefixCache();
    const cache = prefix.broadcastTo(1);
    const embeds = vl.promptEmbeddings(pixels);
    const sampling = temperature > 0 ? { temperature, topK, topP } : undefined;
    const [ids] = generateFromEmbeddings(vl.lm, embeds, cache, { maxNewTokens, eosTokenIds: [vl.prompt.endId], sampling, seed });
    tf.dispose([pixels, embeds]);
    [prefix, cache].forEach((c) => c.dispose());
    const answer = tokenizer.decode(ids!.filter((id) => id !== vl.prompt.endId));
    process.stdout.write(`${answer}\n`);
    const parsed = parseDigitAnswer(answer);
    process.stderr.write(parsed === null ? "(not a single digit)\n" : `digit: ${parsed}${digit.inverted ? " (input was dark-on-light; inverted)" : ""}\n`);
    trained.dispose();
    return 0;
  },
};
