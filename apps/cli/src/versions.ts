import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CLI_PACKAGE_JSON } from "./paths.js";

/** The @llmnist packages the CLI is built from. */
export const LLMNIST_PACKAGES = [
  "@llmnist/vit",
  "@llmnist/nn-layers",
  "@llmnist/kernels",
  "@llmnist/cpo-loss",
  "@llmnist/mnist-data",
  "@llmnist/safetensors",
  "@llmnist/train",
  "@llmnist/mnistvl",
] as const;

/** TensorFlow.js packages, resolved where @llmnist/train (which loads the backends) finds them. */
export const TFJS_PACKAGES = [
  "@tensorflow/tfjs-core",
  "@tensorflow/tfjs-backend-wasm",
  "@tensorflow/tfjs-backend-cpu",
  "@tensorflow/tfjs-node",
  "@tensorflow/tfjs-node-gpu",
] as const;

const requireHere = createRequire(CLI_PACKAGE_JSON);

export function cliVersion(): string {
  return (JSON.parse(readFileSync(CLI_PACKAGE_JSON, "utf8")) as { version: string }).version;
}

/** The installed version of `pkg` as seen from `from` (a package.json path), or null when absent. */
export function packageVersion(pkg: string, from: NodeRequire = requireHere): string | null {
  try {
    return (JSON.parse(readFileSync(from.resolve(`${pkg}/package.json`), "utf8")) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Versions of the llmnist and TensorFlow.js packages (null: not installed). */
export function allVersions(): Record<string, string | null> {
  const out: Record<string, string | null> = { "@llmnist/cli": cliVersion() };
  for (const pkg of LLMNIST_PACKAGES) out[pkg] = packageVersion(pkg);
  let fromTrain: NodeRequire = requireHere;
  try {
    fromTrain = createRequire(requireHere.resolve("@llmnist/train/package.json"));
  } catch {
    // keep resolving from the CLI
  }
  for (const pkg of TFJS_PACKAGES) out[pkg] = packageVersion(pkg, fromTrain);
  return out;
}
