import { fileURLToPath } from "node:url";

// This file sits in src/ and is bundled into dist/, both one level below the package root,
// so the same relative URL finds the package's files from source and from the build.

/** The model `llmnist predict` uses without --checkpoint (placed there from a full training run). */
export const DEFAULT_CHECKPOINT = fileURLToPath(new URL("../assets/default-0.21M-ce-aug.safetensors", import.meta.url));
/** The summary.json of the run that made the default model (its accuracy). */
export const DEFAULT_CHECKPOINT_INFO = fileURLToPath(new URL("../assets/default-0.21M-ce-aug.json", import.meta.url));
/** This package's package.json. */
export const CLI_PACKAGE_JSON = fileURLToPath(new URL("../package.json", import.meta.url));
/** The MnistVL model `llmnist vl-ask` and `vl-eval` use without --checkpoint (from a full `vl-train` run). */
export const DEFAULT_VL_CHECKPOINT = fileURLToPath(new URL("../assets/mnistvl-qwen2-small-scratch.safetensors", import.meta.url));
/** The digit detector `llmnist detect` uses without --checkpoint (from a full `detect-train` run). */
export const DEFAULT_DETECTOR = fileURLToPath(new URL("../assets/detector-vit.safetensors", import.meta.url));
/** The summary.json of the run that made the default detector. */
export const DEFAULT_DETECTOR_INFO = fileURLToPath(new URL("../assets/detector-vit.json", import.meta.url));
/** The built web page (apps/web, `pnpm --filter @llmnist/web build`) that `llmnist serve` serves at `/`. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../web/dist/", import.meta.url));
