import { join } from "node:path";
import { BEST_FILE, CHECKPOINT_FILE, METRICS_FILE } from "@llmnist/train";

/** Everything `llmnist train` keeps in its --out folder. */
export function outFiles(outDir: string) {
  return {
    /** The options of the run, checked on --resume (the trainer's own check misses the loss). */
    run: join(outDir, "run.json"),
    /** Written by the trainer: resumable state (weights + AdamW moments + position). */
    checkpoint: join(outDir, CHECKPOINT_FILE),
    /** Written by the trainer (weights only); rewritten as a saveViT model at the end. */
    best: join(outDir, BEST_FILE),
    /** Written by the trainer: one JSON line per epoch. */
    metrics: join(outDir, METRICS_FILE),
    /** The final model, saveViT format. */
    model: join(outDir, "model.safetensors"),
    summary: join(outDir, "summary.json"),
    curve: join(outDir, "curve.svg"),
    confusion: join(outDir, "confusion.svg"),
  };
}

export type OutFiles = ReturnType<typeof outFiles>;
