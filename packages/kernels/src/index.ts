// Browser-safe: no Node built-ins. Under Node, "@llmnist/kernels" resolves to ./node.ts (the "node" export condition).
export { disableGemmThread } from "./gemm-thread.js";
export { kernelBuild, type KernelBuild } from "./kernel-build.js";
export { registerFastWasmKernels, fastWasmKernelsRegistered, fusedKernelsActive } from "./register.js";
export { fusedRotary } from "./ops/rotary.js";
export { fusedLinear } from "./ops/linear.js";
export { fusedRmsNorm } from "./ops/rms-norm.js";
export { fusedSwiGLU } from "./ops/swiglu.js";
export { fusedAttention, type FusedAttentionOptions } from "./ops/attention.js";
export { fusedAdamWUpdate, type AdamWStepScalars } from "./ops/adamw.js";
export * as kernelNames from "./kernel-names.js";
