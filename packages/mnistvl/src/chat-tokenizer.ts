import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";

/** The few tokenizer operations MnistVL needs (a Qwen2.5 tokenizer with its chat template). */
export interface ChatTokenizer {
  /** Token ids of text; special tokens written in the text (`<|image_pad|>`) become their ids. */
  encode(text: string): number[];
  decode(ids: number[], skipSpecialTokens?: boolean): string;
  /** The chat template applied to one user turn, ready for the assistant's answer. */
  chatPrompt(userContent: string): string;
  /** The id of a single token, e.g. `<|im_end|>`; throws when the text is not exactly one token. */
  tokenId(token: string): number;
  /** Where the files came from. */
  readonly source: string;
}

/** The special-token names a chat template may read, as transformers.js passes them. */
const TEMPLATE_TOKEN_NAMES = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"] as const;

/**
 * A ChatTokenizer from the parsed contents of tokenizer.json and tokenizer_config.json (no
 * file access, so it also runs in a browser). The same two libraries transformers.js 4 uses
 * underneath (@huggingface/tokenizers, @huggingface/jinja), called the same way, so ids and
 * prompts are the ones its AutoTokenizer gives.
 */
export function createChatTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown, source: string): ChatTokenizer {
  if (!isRecord(tokenizerJson)) throw new Error(`${source}: tokenizer.json must be a JSON object`);
  if (!isRecord(tokenizerConfig)) throw new Error(`${source}: tokenizer_config.json must be a JSON object`);
  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  const templateText = tokenizerConfig.chat_template;
  if (typeof templateText !== "string") {
    throw new Error(`${source}: tokenizer_config.json field "chat_template" must be a string, got ${typeof templateText}`);
  }
  const template = new Template(templateText);
  const templateTokens: Record<string, string> = {};
  for (const name of TEMPLATE_TOKEN_NAMES) {
    const token = tokenText(tokenizerConfig[name], `${source}: tokenizer_config.json field "${name}"`);
    if (token) templateTokens[name] = token;
  }
  const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false }).ids;
  return {
    source,
    encode,
    decode: (ids, skipSpecialTokens = false) => tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens }),
    chatPrompt: (userContent) =>
      template.render({
        messages: [{ role: "user", content: userContent }],
        add_generation_prompt: true,
        tools: null,
        documents: null,
        ...templateTokens,
      }),
    tokenId(token) {
      const ids = encode(token);
      if (ids.length !== 1) throw new Error(`tokenizer ${source}: "${token}" is ${ids.length} tokens, expected exactly one`);
      return ids[0]!;
    },
  };
}

/** A special token as tokenizer_config.json writes it: a string, an AddedToken object, or null. */
function tokenText(value: unknown, where: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") return value;
  if (isRecord(value) && value.__type === "AddedToken" && typeof value.content === "string") return value.content;
  throw new Error(`${where}: expected a string or an AddedToken object, got ${JSON.stringify(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
