import type { ChatTokenizer } from "./chat-tokenizer.js";

/** The paper's question (PAPER.md section 4), verbatim. */
export const MNIST_QUESTION = "What is the digit (0-9)? Response with a single digit.";
export const VISION_START = "<|vision_start|>";
export const IMAGE_PAD = "<|image_pad|>";
export const VISION_END = "<|vision_end|>";
export const IM_END = "<|im_end|>";

/**
 * A chat prompt with k image slots, split where the image embeddings go:
 *   prefixIds  ... `<|im_start|>user\n<|vision_start|>`
 *   k slots    (the `<|image_pad|>` tokens, replaced by the projector's k embeddings)
 *   suffixIds  `<|vision_end|>What is the digit ...<|im_end|>\n<|im_start|>assistant\n`
 * The prefix is the same for every image, so its keys/values can be computed once.
 */
export interface VisionPrompt {
  prefixIds: number[];
  imageTokens: number;
  suffixIds: number[];
  /** The id of `<|image_pad|>`, as it stood in the slots. */
  imagePadId: number;
  /** The id of `<|im_end|>`: the end of the answer. */
  endId: number;
  /** Token ids of the answers "0".."9" (one token each in Qwen2.5). */
  digitIds: number[];
  question: string;
}

/** The chat text: k `<|image_pad|>` tokens between vision start/end, before the question (Qwen2-VL's order). */
export function visionChatText(tokenizer: ChatTokenizer, imageTokens: number, question = MNIST_QUESTION): string {
  if (!Number.isInteger(imageTokens) || imageTokens < 1) throw new Error(`visionChatText: imageTokens must be an integer >= 1, got ${imageTokens}`);
  return tokenizer.chatPrompt(`${VISION_START}${IMAGE_PAD.repeat(imageTokens)}${VISION_END}${question}`);
}

export function buildVisionPrompt(tokenizer: ChatTokenizer, imageTokens: number, question = MNIST_QUESTION): VisionPrompt {
  const ids = tokenizer.encode(visionChatText(tokenizer, imageTokens, question));
  const imagePadId = tokenizer.tokenId(IMAGE_PAD);
  const first = ids.indexOf(imagePadId);
  const count = ids.filter((id) => id === imagePadId).length;
  if (first < 0 || count !== imageTokens || ids[first + imageTokens - 1] !== imagePadId) {
    throw new Error(`buildVisionPrompt: expected ${imageTokens} consecutive ${IMAGE_PAD} tokens in the tokenised prompt, found ${count}`);
  }
  const digitIds = Array.from({ length: 10 }, (_, d) => tokenizer.tokenId(String(d)));
  return {
    prefixIds: ids.slice(0, first),
    imageTokens,
    suffixIds: ids.slice(first + imageTokens),
    imagePadId,
    endId: tokenizer.tokenId(IM_END),
    digitIds,
    question,
  };
}

/** Every id a prompt and its answers use (sorted): what a from-scratch model ever reads or writes. */
export function promptVocabulary(prompt: VisionPrompt): number[] {
  return [...new Set([...prompt.prefixIds, ...prompt.suffixIds, ...prompt.digitIds, prompt.endId])].sort((a, b) => a - b);
}

/**
 * The digit an answer names: the text must hold exactly one digit character and nothing but
 * whitespace and a final full stop around it; anything else is unparsed (null).
 */
export function parseDigitAnswer(text: string): number | null {
  const match = /^\s*([0-9])\s*\.?\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}
