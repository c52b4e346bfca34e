import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./generated/kernels-wasm.js";
import { kernelBuild } from "./node.js";
import type { KernelExports } from "./kernel-module.js";

/** One build of the kernels on a fresh memory of its own, its stack at the top. */
function instantiate(base64: string): { exports: KernelExports; heap: Float32Array } {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const module = new WebAssembly.Module(Buffer.from(base64, "base64"));
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  exports.__stack_pointer.value = memory.buffer.byteLength;
  return { exports, heap: new Float32Array(memory.buffer) };
}

/** kernelBuild() of a dist entry in a new Node process (plain Node cannot load the .ts source; turbo builds first). */
function buildInFreshProcess(entry: "index.js" | "node.js", env: Record<string, string>): string {
  const dist = fileURLToPath(new URL(`../dist/${entry}`, import.meta.url));
  const script = `import(${JSON.stringify(dist)}).then((m) => console.log(m.kernelBuild()))`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, ...env }, encoding: "utf8" });
  return out.trim();
}

/** C = op(A) op(B) in float64, row-major. */
function referenceGemm(a: Float32Array, b: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[transA ? p * m + i : i * k + p]! * b[transB ? j * k + p : p * n + j]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

describe("the kernel builds", () => {
  it("runs the relaxed-SIMD build on this runtime (Node 20 gets V8's flag turned on)", () => {
    kernelBuild();
    expect(WebAssembly.validate(Buffer.from(KERNELS_RELAXED_WASM_BASE64, "base64"))).toBe(true);
    expect(kernelBuild()).toBe("relaxed-simd");
  });

  it("keeps the baseline build when LLMNIST_RELAXED_SIMD=0", () => {
    expect(buildInFreshProcess("node.js", { LLMNIST_RELAXED_SIMD: "0" })).toBe("simd128");
  });

  it("without the Node host (the browser-safe entry) takes what the engine validates unflagged", () => {
    // Node 20's V8 validates relaxed SIMD only behind a flag, which only the Node entry sets.
    const unflagged = Number(process.versions.node.split(".")[0]) >= 22 ? "relaxed-simd" : "simd128";
    expect(buildInFreshProcess("index.js", {})).toBe(unflagged);
    expect(buildInFreshProcess("node.js", {})).toBe("relaxed-simd");
  });

  // Ragged edges on every side of the 4x8 tiles; K = 1100 takes the packed path of a transposed A.
  it.each([
    [false, false, 70],
    [false, true, 70],
    [true, false, 70],
    [true, false, 1100],
  ])("compute the same GEMM as a float64 reference, both builds (transA=%s, transB=%s, K=%i)", (transA, transB, k) => {
    kernelBuild(); // makes the relaxed module compilable here
    const [m, n] = [37, 21];
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11));
    const expected = referenceGemm(a, b, m, n, k, transA, transB);
    for (const base64 of [KERNELS_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64]) {
      const { exports, heap } = instantiate(base64);
      const [pa, pb, pc, scratch] = [1024, 1024 + 4 * m * k, 1024 + 4 * (m * k + k * n), 1024 + 4 * (m * k + k * n + m * n + 4)];
      heap.set(a, pa / 4);
      heap.set(b, pb / 4);
      exports.sgemm(m, n, k, pa, transA ? 1 : 0, pb, transB ? 1 : 0, pc, 0, (scratch + 15) & ~15);
      let worst = 0;
      for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(heap[pc / 4 + i]! - expected[i]!));
      expect(worst).toBeLessThan(1e-4 * Math.sqrt(k / 70));
    }
  });
});
