import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { UsageError } from "../command.js";
import type { OutFiles } from "./out-files.js";
import { readRunConfig, runConfigDifferences, writeRunConfig, type RunConfig } from "./run-config.js";

/**
 * Gets --out ready. A folder that already holds a run is continued with --resume (same options
 * required) or replaced with --overwrite; otherwise it is an error, so a forgotten --resume
 * never throws away hours of training. Returns whether there is a checkpoint to resume from.
 */
export async function prepareOutDir(
  outDir: string,
  files: OutFiles,
  config: RunConfig,
  mode: { resume: boolean; overwrite: boolean },
): Promise<{ resuming: boolean }> {
  await mkdir(outDir, { recursive: true });
  const hasRun = existsSync(files.run) || existsSync(files.checkpoint);
  if (hasRun && mode.resume) {
    if (existsSync(files.run)) {
      const diffs = runConfigDifferences(await readRunConfig(files.run), config);
      if (diffs.length > 0) {
        throw new UsageError(`cannot resume the run in ${outDir} with other options: ${diffs.join("; ")}`);
      }
    } else {
      await writeRunConfig(files.run, config);
    }
    return { resuming: existsSync(files.checkpoint) };
  }
  if (hasRun && !mode.overwrite) {
    throw new UsageError(
      `${outDir} already holds a training run (${existsSync(files.run) ? files.run : files.checkpoint}); ` +
        `pass --resume to continue it, or --overwrite to start over`,
    );
  }
  // A fresh run: outputs of an earlier one must not be mistaken for this one's.
  for (const path of [files.summary, files.model, files.curve, files.confusion, files.best, files.checkpoint, files.metrics]) {
    await rm(path, { force: true });
  }
  await writeRunConfig(files.run, config);
  return { resuming: false };
}
