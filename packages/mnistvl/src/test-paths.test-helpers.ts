import { fileURLToPath } from "node:url";

/** The tiny random Qwen2 checkpoint written by ../shared/reference/qwen2_fixture.py. */
export const QWEN2_TINY_DIR = fileURLToPath(new URL("../../../../shared/fixtures/qwen2-tiny/", import.meta.url));
