// The publishable workspace packages and their tarballs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { run } from "./processes.mjs";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const PNPM = ["npx", "--yes", "pnpm@10.34.9"];

/** Every package under packages/ and apps/ that is not private: what users can install. */
export function publishablePackages() {
  const found = [];
  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(ROOT, group)).sort()) {
      const dir = join(ROOT, group, name);
      const file = join(dir, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8"));
      if (manifest.private) continue;
      found.push({ name: manifest.name, dir, relDir: relative(ROOT, dir), manifest });
    }
  }
  return found;
}

/**
 * Packs the packages with `pnpm pack` (which turns workspace:* into real versions) into
 * `destination`; returns name -> tarball path. Builds nothing: dist/ must exist already.
 */
export function packAll(packages, destination) {
  for (const pkg of packages) {
    if (!existsSync(join(pkg.dir, "dist"))) {
      throw new Error(`${pkg.relDir}/dist is missing: build first (pnpm build, or pnpm test which builds)`);
    }
  }
  const filters = packages.flatMap((pkg) => ["--filter", `./${pkg.relDir}`]);
  const result = run(PNPM[0], [...PNPM.slice(1), "-r", ...filters, "pack", "--pack-destination", destination, "--json"], { cwd: ROOT, timeoutMs: 180_000 });
  if (result.status !== 0) throw new Error(`pnpm pack failed (exit ${result.status}):\n${result.output}`);
  const json = result.stdout.slice(result.stdout.indexOf("["));
  let packed;
  try {
    packed = JSON.parse(json);
  } catch {
    throw new Error(`pnpm pack --json printed something that is not JSON:\n${result.stdout}`);
  }
  const tarballs = new Map(packed.map((p) => [p.name, p.filename]));
  for (const pkg of packages) {
    if (!tarballs.has(pkg.name)) throw new Error(`pnpm pack did not pack ${pkg.name} (${pkg.relDir})`);
  }
  return tarballs;
}
