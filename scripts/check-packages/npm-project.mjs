// A throwaway npm project in the system's temporary folder, as a user outside the repository has.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { specName } from "./readme.mjs";
import { cleanEnv, run, tail } from "./processes.mjs";

/**
 * Creates `dir` as a project depending on `specs` and runs `npm install`. Names that are
 * llmnist packages are installed from their tarballs, and `overrides` points every llmnist
 * package at its tarball, so the siblings they depend on come from the tarballs too (the
 * registry has none of them).
 */
export function createProject(dir, specs, tarballs) {
  mkdirSync(dir, { recursive: true });
  const dependencies = {};
  for (const spec of specs) {
    const name = specName(spec);
    const version = spec.slice(name.length + 1);
    dependencies[name] = tarballs.has(name) ? `file:${tarballs.get(name)}` : version || "*";
  }
  const overrides = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "llmnist-packaging-check", private: true, dependencies, overrides }, null, 2));
  const result = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, timeoutMs: 300_000, merge: true });
  if (result.status !== 0) {
    throw new Error(`npm install ${Object.values(dependencies).join(" ")} failed in ${dir} (exit ${result.status}):\n${tail(result.output)}`);
  }
  return { dir, dependencies };
}

/** Runs a command inside the project with its node_modules/.bin on PATH. */
export function runInProject(project, command, args, timeoutMs = 180_000) {
  const env = cleanEnv({ PATH: `${join(project.dir, "node_modules", ".bin")}:${process.env.PATH}` });
  return run(command, args, { cwd: project.dir, env, timeoutMs, merge: true });
}

/** Every installed package (nested node_modules included): name, version, folder, manifest. */
export function installedPackages(projectDir) {
  const found = [];
  const visit = (modulesDir) => {
    if (!existsSync(modulesDir)) return;
    for (const entry of readdirSync(modulesDir)) {
      if (entry.startsWith(".")) continue;
      const path = join(modulesDir, entry);
      if (entry.startsWith("@")) {
        for (const scoped of readdirSync(path)) visitPackage(join(path, scoped));
      } else visitPackage(path);
    }
  };
  const visitPackage = (dir) => {
    const file = join(dir, "package.json");
    if (!existsSync(file)) return;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    found.push({ name: manifest.name, version: manifest.version, dir, manifest });
    visit(join(dir, "node_modules"));
  };
  visit(join(projectDir, "node_modules"));
  return found;
}
