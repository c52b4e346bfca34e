// Checks on what `npm install` put into a project's node_modules.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { installedPackages } from "./npm-project.mjs";

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];
/** Packages that download native code or weigh hundreds of MB: never installed by default. */
const FORBIDDEN = /^(@tensorflow\/tfjs-node(-gpu)?|onnxruntime-.*|@huggingface\/transformers|sharp)$/;

/** Packages with an install step: a script, or a binding.gyp npm would build (an install could download anything). */
export function installScriptOffenders(projectDir) {
  const offenders = [];
  for (const pkg of installedPackages(projectDir)) {
    const scripts = pkg.manifest.scripts ?? {};
    for (const hook of INSTALL_SCRIPTS) {
      if (!scripts[hook]) continue;
      offenders.push(`${pkg.name}@${pkg.version} ${hook}: ${scripts[hook]}`);
    }
    if (!scripts.install && existsSync(join(pkg.dir, "binding.gyp"))) offenders.push(`${pkg.name}@${pkg.version}: binding.gyp (npm runs node-gyp rebuild)`);
  }
  return offenders;
}

/** Installed packages that must not be there by default. */
export function forbiddenPackages(projectDir) {
  return installedPackages(projectDir)
    .filter((pkg) => FORBIDDEN.test(pkg.name))
    .map((pkg) => `${pkg.name}@${pkg.version}`);
}

/** Names installed more than once (each with its versions and folders), among names matching `pattern`. */
export function duplicates(projectDir, pattern) {
  const byName = new Map();
  for (const pkg of installedPackages(projectDir).filter((p) => pattern.test(p.name))) {
    byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  }
  return [...byName]
    .filter(([, copies]) => copies.length > 1)
    .map(([name, copies]) => `${name}: ${copies.length} copies (${copies.map((c) => `${c.version} in ${c.dir}`).join(", ")})`);
}

/** How many copies of `name` are installed. */
export function copiesOf(projectDir, name) {
  return installedPackages(projectDir).filter((p) => p.name === name);
}
