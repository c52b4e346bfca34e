// Node-only: where another thread can import a module from.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The file: URL of a package's ESM entry (its `exports["."].import`, else `module`, else
 * `main`; for "pkg/sub", `exports["./sub"].import`), resolved the way `parentUrl` would import it. Absolute paths and file: URLs pass
 * through. ESM on purpose: a worker that mixed a package's CJS and ESM builds would hold two
 * copies of its module state (registered kernels, layer classes).
 */
export function resolveModuleUrl(specifier: string, parentUrl: string): string {
  if (specifier.startsWith("file:")) return specifier;
  if (isAbsolute(specifier)) return pathToFileURL(specifier).href;
  const require = createRequire(parentUrl);
  const parts = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  const packageName = parts.slice(0, nameLength).join("/");
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join("/")}` : ".";
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch (e) {
    throw new Error(`resolveModuleUrl: cannot find package "${specifier}" from ${parentUrl}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, { import?: string | { default?: string } } | string>;
    module?: string;
    main?: string;
  };
  const root = manifest.exports?.[subpath];
  const fromExports = typeof root === "string" ? root : typeof root?.import === "string" ? root.import : root?.import?.default;
  const entry = fromExports ?? (subpath === "." ? (manifest.module ?? manifest.main) : undefined);
  if (entry === undefined) throw new Error(`resolveModuleUrl: ${manifestPath} names no entry for "${subpath}" (exports, module or main)`);
  const file = join(dirname(manifestPath), entry);
  if (!existsSync(file)) throw new Error(`resolveModuleUrl: ${specifier}'s entry ${file} does not exist (is the package built?)`);
  return pathToFileURL(file).href;
}
