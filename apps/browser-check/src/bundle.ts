import { fileURLToPath } from "node:url";
import { build, type Message } from "esbuild";

/** This app's folder: packages are resolved from here, as a user's bundler would. */
const APP_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The main entries that must bundle for a browser (issue 11, "Browser-safe"). */
export const BROWSER_SAFE_PACKAGES = [
  "@llmnist/random",
  "@llmnist/safetensors",
  "@llmnist/kernels",
  "@llmnist/nn-layers",
  "@llmnist/cpo-loss",
  "@llmnist/vit",
  "@llmnist/mnist-data",
  "@llmnist/mnistvl",
  "@llmnist/distill",
  "@llmnist/detect",
  "@llmnist/vit-detector",
  "@llmnist/train",
] as const;

/** The options a browser bundle is made with: esbuild's browser platform, so no "node" condition. */
const BROWSER = { bundle: true, platform: "browser", format: "esm", target: "es2022", write: false, logLevel: "silent" } as const;

/**
 * Bundles everything `specifier` exports (its built ESM dist, resolved through its `exports`)
 * for a browser. Returns esbuild's errors, e.g. a Node built-in it cannot resolve, as
 * "importer: message"; empty when the entry bundles.
 */
export async function browserBundleProblems(specifier: string): Promise<string[]> {
  try {
    await build({ ...BROWSER, stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: APP_DIR, loader: "js" } });
    return [];
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    return errors.map((e) => `${e.location?.file ?? specifier}: ${e.text}`);
  }
}

/** The check page (page/main.ts) bundled from the packages' dist, no module stubbed. */
export async function bundlePage(): Promise<Uint8Array> {
  const entry = fileURLToPath(new URL("./page/main.ts", import.meta.url));
  try {
    const result = await build({ ...BROWSER, entryPoints: [entry] });
    return result.outputFiles[0]!.contents;
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    throw new Error(`bundling ${entry} for the browser failed:\n${errors.map((e) => `  ${e.location?.file}: ${e.text}`).join("\n")}`);
  }
}
