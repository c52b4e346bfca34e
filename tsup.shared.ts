import type { Options } from "tsup";

/**
 * The build every package shares: ESM + CJS with types per format, no source maps, Node 20
 * syntax (browsers of the same age run it too). Entries share one copy of each module in CJS
 * as well (one class identity, one kernel registry); import.meta.url is shimmed in CJS for the
 * packages that name their own files. Each package's tsup.config.ts adds its entries.
 */
export function packageBuild(options: Options): Options {
  return { format: ["esm", "cjs"], dts: true, sourcemap: false, clean: true, target: "node20", splitting: true, shims: true, ...options };
}
