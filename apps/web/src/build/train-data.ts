import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { encodeMnistSubset, SUBSET_COUNTS, SUBSET_FILES } from "../page/mnist-subset.js";

/**
 * The training panel's data: data/mnist-train-12000.bin from the MNIST *training* split (what
 * it trains on) and data/mnist-test-1000.bin from the *test* split (held out, for accuracy).
 */
export async function writeTrainData(outDir: string): Promise<void> {
  const dir = join(outDir, "data");
  await mkdir(dir, { recursive: true });
  for (const which of ["train", "test"] as const) {
    await writeFile(join(dir, SUBSET_FILES[which]), encodeMnistSubset(await loadMnistSplit(which), SUBSET_COUNTS[which]));
  }
}
