import * as tf from "@tensorflow/tfjs-core";
import { createChatTokenizer, mnistVLFromFile, parseDigitAnswer, type ChatTokenizer, type MnistVL, type Qwen2Cache } from "@llmnist/mnistvl";
import { parseSafetensors } from "@llmnist/safetensors";

/** The longest answer read (the model answers one digit then `<|im_end|>`). */
const MAX_NEW_TOKENS = 8;

/** MnistVL asked its question about one digit: greedy answer text and the digit it names. */
export class VlAsker {
  private constructor(
    private readonly vl: MnistVL,
    private readonly tokenizer: ChatTokenizer,
    /** Keys/values of the prompt before the image: the same for every question, computed once. */
    private readonly prefix: Qwen2Cache,
  ) {}

  /** From the safetensors bytes and the Qwen2.5 tokenizer's two JSON files; `source` names them in errors. */
  static fromBytes(bytes: Uint8Array, tokenizerJson: unknown, tokenizerConfig: unknown, source: string): VlAsker {
    const tokenizer = createChatTokenizer(tokenizerJson, tokenizerConfig, `${source} tokenizer`);
    const { vl } = mnistVLFromFile(parseSafetensors(bytes, source), tokenizer, source);
    return new VlAsker(vl, tokenizer, vl.prefixCache());
  }

  get question(): string {
    return this.vl.prompt.question;
  }

  /** `pixels`: one MNIST-form digit, 784 values in [0, 1]. */
  ask(pixels: Float32Array): { text: string; digit: number | null } {
    if (pixels.length !== 784) throw new Error(`VlAsker.ask: expected 784 pixels (28 x 28), got ${pixels.length}`);
    const x = tf.tensor2d(pixels, [1, 784]); // [B, 784]
    try {
      const [ids] = this.vl.answerIds(x, { prefix: this.prefix, maxNewTokens: MAX_NEW_TOKENS });
      const text = this.tokenizer.decode(ids!.filter((id) => id !== this.vl.prompt.endId)).trim();
      return { text, digit: parseDigitAnswer(text) };
    } finally {
      x.dispose();
    }
  }
}
