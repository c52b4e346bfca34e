import { describe, expect, it } from "vitest";
import { browserBundleProblems, BROWSER_SAFE_PACKAGES } from "./bundle.js";

describe("main entries that bundle for a browser (esbuild, platform browser)", () => {
  it.each(BROWSER_SAFE_PACKAGES)("%s imports no Node built-in", async (specifier) => {
    expect(await browserBundleProblems(specifier)).toEqual([]);
  });

  it("the check catches Node built-ins (@llmnist/safetensors/node reads files)", async () => {
    const problems = await browserBundleProblems("@llmnist/safetensors/node");
    expect(problems.some((p) => p.includes('Could not resolve "fs/promises"') || p.includes('Could not resolve "node:fs/promises"'))).toBe(true);
  });
});
