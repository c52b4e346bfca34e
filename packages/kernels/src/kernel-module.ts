import { kernelsWasmBytes } from "./kernel-build.js";
import type { WasmBackendInternals } from "./wasm-backend.js";

/** The exports of csrc/*.c; pointers are byte offsets in tfjs-backend-wasm's heap. */
export interface KernelExports {
  sgemm_scratch_floats(m: number, n: number, k: number): number;
  sgemm_rows(
    m: number, n: number, k: number, a: number, lda: number, transA: number, b: number, transB: number,
    c: number, bias: number, scratch: number,
  ): void;
  sgemm(
    m: number,
    n: number,
    k: number,
    a: number,
    transA: number,
    b: number,
    transB: number,
    c: number,
    bias: number,
    scratch: number,
  ): void;
  rotary(x: number, cos: number, sin: number, y: number, outer: number, n: number, inner: number, hd: number, sign: number): void;
  column_sums(x: number, out: number, rows: number, cols: number): void;
  rms_norm(x: number, w: number, y: number, r: number, rows: number, d: number, eps: number): void;
  rms_norm_grad(dy: number, x: number, w: number, r: number, dx: number, dw: number, rows: number, d: number): void;
  swiglu(g: number, u: number, h: number, size: number): void;
  swiglu_grad(dh: number, g: number, u: number, dg: number, du: number, size: number): void;
  attention(
    q: number, k: number, v: number, out: number, probs: number,
    b: number, hq: number, hkv: number, n: number, t: number, hd: number, scale: number, causal: number, offset: number,
    tokenMajor: number, scratch: number,
  ): void;
  attention_scratch_floats(n: number, t: number, hd: number, groups: number): number;
  attention_grad(
    dout: number, q: number, k: number, v: number, probs: number, dq: number, dk: number, dv: number,
    b: number, hq: number, hkv: number, n: number, t: number, hd: number, scale: number, tokenMajor: number, scratch: number,
  ): void;
  adamw(
    p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number, size: number,
    decay: number, b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, bc2Sqrt: number, eps: number,
    stepSize: number,
  ): void;
  __stack_pointer: WebAssembly.Global;
}

/** Our module instantiated on the tfjs heap, with its own stack and scratch allocated there. */
export interface KernelModule {
  exports: KernelExports;
  /** A 16-byte-aligned scratch area of at least `bytes` bytes, kept and grown as needed. */
  scratch(bytes: number): number;
}

const STACK_BYTES = 64 * 1024;
const instances = new WeakMap<object, KernelModule>();
let compiled: WebAssembly.Module | undefined;

/**
 * Instantiates the kernels on `backend`'s memory (once per backend). The module has no data
 * of its own; its shadow stack is pointed at a block malloc'ed from tfjs so it cannot
 * overwrite anything tfjs owns.
 */
export function kernelModuleFor(backend: WasmBackendInternals): KernelModule {
  const existing = instances.get(backend);
  if (existing) return existing;
  compiled ??= new WebAssembly.Module(kernelsWasmBytes());
  const instance = new WebAssembly.Instance(compiled, { env: { memory: backend.wasm.asm.memory } });
  const exports = instance.exports as unknown as KernelExports;
  const stackBase = backend.wasm._malloc(STACK_BYTES + 16);
  exports.__stack_pointer.value = (stackBase + STACK_BYTES) & ~15; // grows down
  let scratchPointer = 0;
  let scratchBytes = 0;
  const module: KernelModule = {
    exports,
    scratch(bytes) {
      if (bytes > scratchBytes) {
        if (scratchPointer) backend.wasm._free(scratchPointer);
        scratchBytes = Math.max(bytes, scratchBytes * 2);
        scratchPointer = backend.wasm._malloc(scratchBytes + 16);
      }
      return (scratchPointer + 15) & ~15;
    },
  };
  instances.set(backend, module);
  return module;
}
