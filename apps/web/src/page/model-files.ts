/** The model files the page fetches from ./models/, as the CLI ships them (apps/cli/assets). */
export const MODEL_FILES = {
  vit: "default-0.21M-ce-aug.safetensors",
  mnistvl: "mnistvl-qwen2-small-scratch.safetensors",
  detector: "detector-vit.safetensors",
} as const;

/** MnistVL's Qwen2.5 tokenizer, fetched from ./models/tokenizer/. */
export const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"] as const;

/** tfjs-backend-wasm's binaries, fetched from ./wasm/ (tfjs picks one by SIMD and threads support). */
export const TFJS_WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"] as const;
