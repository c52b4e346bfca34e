import { join } from "node:path";
import { build, type Message } from "esbuild";
import { APP_DIR, PAGE_DIR } from "./paths.js";

/**
 * Bundles src/page/main.ts with the packages' built ESM dist into `outFile`, for browsers:
 * esbuild's browser platform, so no "node" export condition and no Node built-in gets in.
 */
export async function bundlePage(outFile: string): Promise<void> {
  const entry = join(PAGE_DIR, "main.ts");
  try {
    await build({
      entryPoints: [entry],
      outfile: outFile,
      absWorkingDir: APP_DIR,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      minify: true,
      legalComments: "none",
      logLevel: "silent",
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    throw new Error(`bundling ${entry} for the browser failed:\n${errors.map((e) => `  ${e.location?.file ?? "?"}: ${e.text}`).join("\n")}`);
  }
}
