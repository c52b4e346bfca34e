import * as tf from "@tensorflow/tfjs-core";
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeBackend, findNativeBinding, probeNodePackage, selectBackend } from "./backend.js";

const require = createRequire(import.meta.url);

/** Checked here independently of backend.ts: does the installed tfjs-node have lib/napi-v<N>/tfjs_binding.node? */
function hasBinding(pkg: string): boolean {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return false;
  }
  return [3, 4, 5, 6, 7, 8, 9, 10].some((n) => existsSync(join(dir, "lib", `napi-v${n}`, "tfjs_binding.node")));
}

const noNodeBackend = !hasBinding("@tensorflow/tfjs-node") && !hasBinding("@tensorflow/tfjs-node-gpu");

afterEach(() => {
  delete process.env.LLMNIST_BACKEND;
});

describe("selectBackend", () => {
  it.runIf(noNodeBackend)("auto skips tfjs-node(-gpu) without a binding and picks wasm", async () => {
    const lines: string[] = [];
    const choice = await selectBackend({ log: (l) => lines.push(l) });
    expect(choice.name).toBe("wasm");
    expect(choice.tfBackend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(choice.tried.map((t) => [t.name, t.ok])).toEqual([
      ["tensorflow-gpu", false],
      ["tensorflow", false],
      ["wasm", true],
    ]);
    for (const t of choice.tried.slice(0, 2)) {
      expect(["not installed", "installed without its native binding (libtensorflow download failed at install)"]).toContain(
        t.detail,
      );
    }
    expect(choice.tried[2]!.detail).toMatch(/^ok, \d+ threads?, (SIMD, llmnist kernels, (relaxed-simd|simd128)|SIMD, tfjs kernels|no SIMD, tfjs kernels)$/);
    expect(lines).toHaveLength(3);
    const line = describeBackend(choice);
    expect(line).toMatch(/^backend: wasm \(tfjs-node-gpu: [^;]+; tfjs-node: [^;]+; wasm: ok, \d+ threads?, (SIMD|no SIMD), (llmnist kernels, (relaxed-simd|simd128)|tfjs kernels)\)$/);
    expect(line).not.toContain("libtensorflow");
    // The wasm backend really computes.
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()))).toEqual([4, 6]);
  });

  it("returns the cached choice for the same preference", async () => {
    const a = await selectBackend({ prefer: "wasm" });
    const b = await selectBackend({ prefer: "wasm" });
    expect(b).toBe(a);
  });

  it("prefer cpu works and re-activates when switched away", async () => {
    const choice = await selectBackend({ prefer: "cpu" });
    expect(choice).toMatchObject({ name: "cpu", tfBackend: "cpu", tried: [{ name: "cpu", ok: true, detail: "ok" }] });
    expect(tf.getBackend()).toBe("cpu");
    await tf.setBackend("wasm");
    expect(await selectBackend({ prefer: "cpu" })).toBe(choice);
    expect(tf.getBackend()).toBe("cpu");
    expect(describeBackend(choice)).toBe("backend: cpu (cpu: ok)");
  });

  it.runIf(noNodeBackend)("an explicit tensorflow fails with a message that says why", async () => {
    await expect(selectBackend({ prefer: "tensorflow" })).rejects.toThrow(
      /backend "tensorflow" \(@tensorflow\/tfjs-node\) is unavailable: (not installed|installed without its native binding)/,
    );
    await expect(selectBackend({ prefer: "tensorflow-gpu" })).rejects.toThrow(/tensorflow-gpu.*tfjs-node-gpu.*unavailable/);
    // Nothing about tensorflow got registered: the package was never imported.
    expect(tf.findBackend("tensorflow")).toBeNull();
  });

  it("LLMNIST_BACKEND overrides the preference and is validated", async () => {
    process.env.LLMNIST_BACKEND = "cpu";
    const choice = await selectBackend({ prefer: "wasm" });
    expect(choice.name).toBe("cpu");
    expect(choice.reason).toContain("LLMNIST_BACKEND=cpu");
    process.env.LLMNIST_BACKEND = "gpu";
    await expect(selectBackend()).rejects.toThrow(/LLMNIST_BACKEND: unknown backend "gpu", expected one of auto, tensorflow-gpu/);
    await expect(selectBackend({ prefer: "metal" as never })).rejects.toThrow(/unknown backend/);
  });
});

describe("probing tfjs-node without importing it", () => {
  it("reports a package that does not resolve as not installed", () => {
    expect(probeNodePackage("@llmnist/no-such-package")).toEqual({ status: "not-installed" });
  });

  it("finds lib/napi-v<N>/tfjs_binding.node, preferring the highest N", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmnist-binding-"));
    expect(findNativeBinding(dir)).toBeNull();
    mkdirSync(join(dir, "lib", "napi-v5"), { recursive: true });
    expect(findNativeBinding(dir)).toBeNull();
    writeFileSync(join(dir, "lib", "napi-v5", "tfjs_binding.node"), "");
    mkdirSync(join(dir, "lib", "napi-v10"), { recursive: true });
    writeFileSync(join(dir, "lib", "napi-v10", "tfjs_binding.node"), "");
    expect(findNativeBinding(dir)).toBe(join(dir, "lib", "napi-v10", "tfjs_binding.node"));
  });
});
