import * as tf from "@tensorflow/tfjs-core";
import { FUSED_WASM_KERNELS } from "./kernels/fused-kernels.js";
import { sharedIdentityKernel } from "./identity-kernel.js";
import { batchMatMulKernel, fusedMatMulKernel } from "./matmul-kernels.js";

type KernelFunc = tf.KernelConfig["kernelFunc"];

/** tfjs-backend-wasm kernels we replace; tfjs's own stays the fallback for cases ours skips. */
const OVERRIDES: Array<[string, (fallback: KernelFunc) => KernelFunc]> = [
  [tf.BatchMatMul, batchMatMulKernel],
  [tf._FusedMatMul, fusedMatMulKernel],
  [tf.Identity, sharedIdentityKernel],
];

let registered = false;

/**
 * Makes the wasm backend fast (idempotent): SIMD matMul for every transpose combination and
 * batch, and the fused kernels that `fusedKernelsActive()` unlocks. Call it after importing
 * @tensorflow/tfjs-backend-wasm (the matMul kernels it replaces must exist).
 */
export function registerFastWasmKernels(): void {
  if (registered) return;
  for (const [name, make] of OVERRIDES) {
    const original = tf.getKernel(name, "wasm");
    if (!original) {
      throw new Error(`@llmnist/kernels: no wasm ${name} kernel to replace; import "@tensorflow/tfjs-backend-wasm" first`);
    }
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
  }
  for (const config of FUSED_WASM_KERNELS) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  registered = true;
}

/** Whether registerFastWasmKernels has run. */
export function fastWasmKernelsRegistered(): boolean {
  return registered;
}

/**
 * True when the fused ops (fusedRotary, fusedRmsNorm, fusedSwiGLU, fusedAttention,
 * fusedAdamWUpdate) can run on the active backend. Layers use them when this is true and
 * their plain tfjs composition otherwise, so every backend computes the same function.
 */
export function fusedKernelsActive(): boolean {
  return registered && tf.getBackend() === "wasm" && !(typeof process !== "undefined" && process.env?.LLMNIST_FUSED === "0");
}
