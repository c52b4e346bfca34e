import { base64ToBytes } from "./base64.js";
import { GEMM_SHARED_RELAXED_WASM_BASE64, GEMM_SHARED_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./generated/kernels-wasm.js";
import { kernelHost } from "./host.js";

/**
 * Which build of the kernels this process runs: "relaxed-simd" (fused multiply-add, about 1.3x
 * the GEMM throughput, results/bench/gemm-builds-2026-11-23.md) where the engine supports relaxed SIMD, else "simd128".
 */
export type KernelBuild = "relaxed-simd" | "simd128";

let chosen: KernelBuild | undefined;

/**
 * Picks the build once per process. Relaxed SIMD is a finished WebAssembly feature, on by
 * default from Node 22 and Chrome 114; Node 20's V8 has it behind
 * --experimental-wasm-relaxed-simd, which the Node host turns on when needed (it only adds
 * instructions to validation). Engines that reject it get the baseline build.
 * LLMNIST_RELAXED_SIMD=0 keeps the baseline build (for comparisons, or bit-identical results
 * across machines).
 */
export function kernelBuild(): KernelBuild {
  chosen ??= pickBuild();
  return chosen;
}

function pickBuild(): KernelBuild {
  if (typeof process !== "undefined" && process.env?.LLMNIST_RELAXED_SIMD === "0") return "simd128";
  const relaxed = base64ToBytes(KERNELS_RELAXED_WASM_BASE64);
  if (WebAssembly.validate(relaxed)) return "relaxed-simd";
  if (!kernelHost()?.enableRelaxedSimd()) return "simd128";
  return WebAssembly.validate(relaxed) ? "relaxed-simd" : "simd128";
}

/** The kernels module's bytes for this process's build. */
export function kernelsWasmBytes(): Uint8Array<ArrayBuffer> {
  return base64ToBytes(kernelBuild() === "relaxed-simd" ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64);
}

/** The worker thread's GEMM module bytes, the same build as the kernels. */
export function gemmSharedWasmBytes(): Uint8Array<ArrayBuffer> {
  return base64ToBytes(kernelBuild() === "relaxed-simd" ? GEMM_SHARED_RELAXED_WASM_BASE64 : GEMM_SHARED_WASM_BASE64);
}
