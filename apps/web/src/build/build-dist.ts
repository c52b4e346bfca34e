import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { bundlePage } from "./bundle-page.js";
import { copyAssets } from "./copy-assets.js";
import { writeExamples } from "./examples.js";
import { writeTrainData } from "./train-data.js";

/**
 * Builds the static page into `outDir` (default apps/web/dist): index.html, app.js,
 * styles.css, wasm/, models/, examples/ and data/ (the MNIST subsets for training in the
 * tab). Written beside it first, then renamed into place, so a failed build leaves no half page.
 */
export async function buildDist(outDir: string): Promise<{ files: number; bytes: number }> {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await bundlePage(join(tmp, "app.js"));
    await copyAssets(tmp);
    await writeExamples(tmp);
    await writeTrainData(tmp);
    await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return sizeOf(outDir);
}

async function sizeOf(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
