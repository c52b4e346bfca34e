import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bundledQwenTokenizerDir } from "@llmnist/mnistvl/node";
import { MODEL_FILES, TFJS_WASM_FILES, TOKENIZER_FILES } from "../page/model-files.js";
import { APP_DIR, CLI_ASSETS_DIR, PAGE_DIR } from "./paths.js";

/** Copies `names` from `fromDir` into `toDir`; a missing file is an error naming where it was looked for. */
async function copyAll(fromDir: string, toDir: string, names: readonly string[]): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const name of names) {
    await copyFile(join(fromDir, name), join(toDir, name)).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot copy ${join(fromDir, name)} into the page: ${error.code ?? error.message}`);
    });
  }
}

/** index.html, styles.css, the three models, MnistVL's tokenizer and tfjs's wasm binaries. */
export async function copyAssets(outDir: string): Promise<void> {
  await copyAll(PAGE_DIR, outDir, ["index.html", "styles.css"]);
  await copyAll(CLI_ASSETS_DIR, join(outDir, "models"), Object.values(MODEL_FILES));
  await copyAll(bundledQwenTokenizerDir(), join(outDir, "models", "tokenizer"), TOKENIZER_FILES);
  const wasmPackage = createRequire(join(APP_DIR, "package.json")).resolve("@tensorflow/tfjs-backend-wasm/package.json");
  await copyAll(join(dirname(wasmPackage), "dist"), join(outDir, "wasm"), TFJS_WASM_FILES);
}
