import { fileURLToPath } from "node:url";

/** `../shared` beside the repository checkout (fixtures made by the PyTorch reference). */
export const SHARED_DIR = fileURLToPath(new URL("../../../../shared/", import.meta.url));
export const VIT_FIXTURE = `${SHARED_DIR}fixtures/vit-0.21M-seed0.safetensors`;
export const VIT_FIXTURE_LOGITS = `${SHARED_DIR}fixtures/vit-0.21M-seed0.logits.json`;
