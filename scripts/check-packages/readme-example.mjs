// Runs a package README's example as written, in a fresh project that installs exactly the
// packages of its install line.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { importedPackages, toCommonJs, toEsm } from "./example-code.mjs";
import { createProject, runInProject } from "./npm-project.mjs";
import { tail } from "./processes.mjs";
import { findExample, findInstallLine, specName } from "./readme.mjs";
import { ROOT } from "./workspace.mjs";

/** Checks one README; throws an Error naming the README (and showing the output) on failure. */
export function checkReadmeExample(pkg, tarballs, projectDir) {
  const readmePath = join(pkg.dir, "README.md");
  const where = relative(ROOT, readmePath);
  if (!existsSync(readmePath)) throw new Error(`${where}: missing`);
  const text = readFileSync(readmePath, "utf8");
  const install = findInstallLine(text);
  if (!install) throw new Error(`${where}: no install line (a shell block with "npm install ${pkg.name} ...")`);
  const names = install.specs.map(specName);
  if (!names.includes(pkg.name)) throw new Error(`${where}:${install.line}: the install line does not name ${pkg.name}: ${install.command}`);
  const example = findExample(text);
  if (!example) throw new Error(`${where}: no example (a js/ts or shell block under a heading starting with "Example")`);
  const at = `${where}:${example.line}`;

  if (example.kind === "code") {
    const missing = importedPackages(example.code).filter((name) => !names.includes(name));
    if (missing.length > 0) {
      throw new Error(`${at}: the example imports ${missing.join(", ")}, which the install line (${where}:${install.line}) does not name: ${install.command}`);
    }
  }
  const project = createProject(projectDir, install.specs, tarballs);
  const runs = [];
  if (example.kind === "shell") {
    writeFileSync(join(project.dir, "example.sh"), example.code);
    runs.push({ variant: "shell", command: "bash", args: ["-eo", "pipefail", "example.sh"] });
  } else {
    writeFileSync(join(project.dir, "example.mjs"), toEsm(example.code, example.lang));
    runs.push({ variant: "ES module", command: process.execPath, args: ["example.mjs"] });
    if (shipsCommonJs(pkg.manifest)) {
      writeFileSync(join(project.dir, "example.cjs"), toCommonJs(example.code, example.lang));
      runs.push({ variant: "CommonJS", command: process.execPath, args: ["example.cjs"] });
    }
  }
  for (const { variant, command, args } of runs) {
    const result = runInProject(project, command, args);
    if (result.status !== 0) {
      throw new Error(`${at}: the example fails (${variant}, exit ${result.status}) in a project with ${install.command}\n${tail(result.output)}`);
    }
  }
  return `${install.command}; ${runs.map((r) => r.variant).join(" and ")} ran`;
}

/** Whether the package's main entry has a "require" (CommonJS) build. */
function shipsCommonJs(manifest) {
  const main = manifest.exports?.["."];
  return JSON.stringify(main ?? {}).includes('"require"') || String(manifest.main ?? "").endsWith(".cjs");
}
