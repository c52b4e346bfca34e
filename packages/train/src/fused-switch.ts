import { fusedKernelsActive } from "@llmnist/kernels";

/**
 * Runs `f` with @llmnist/kernels' fused ops on or off (LLMNIST_FUSED=1 / 0), to compare the fused
 * path with the plain tfjs composition. Throws before calling `f` when `fusedKernelsActive()`
 * does not follow (on: not the wasm backend with the kernels registered). Node only;
 * LLMNIST_FUSED is unset afterwards.
 */
export function withFusedKernels<T>(on: boolean, f: () => T): T {
  process.env.LLMNIST_FUSED = on ? "1" : "0";
  try {
    if (fusedKernelsActive() !== on) {
      const state = on ? "not active (wasm backend with registerFastWasmKernels?)" : "active with LLMNIST_FUSED=0";
      throw new Error(`withFusedKernels: the fused kernels are ${state}`);
    }
    return f();
  } finally {
    delete process.env.LLMNIST_FUSED;
  }
}
