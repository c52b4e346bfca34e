import { gemmThread } from "./gemm-thread.js";
import { kernelModuleFor } from "./kernel-module.js";
import type { WasmBackendInternals } from "./wasm-backend.js";

/** C[m,n] = op(A)[m,k] op(B)[k,n] (+ bias[n]); a, b, c, bias: byte offsets in the tfjs heap (bias 0: none). */
export interface GemmArgs {
  m: number;
  n: number;
  k: number;
  a: number;
  transA: boolean;
  b: number;
  transB: boolean;
  c: number;
  bias: number;
}

/** Below this many multiply-adds the thread hand-off (copies, wake-up) costs more than it saves. */
const DEFAULT_PARALLEL_MIN_MACS = 2_000_000;
const MR = 4; // rows per micro-kernel panel (csrc/gemm.c)

/** LLMNIST_GEMM_PARALLEL_MIN_MACS overrides the threshold (tests use 0 to exercise the thread). */
function parallelMinMacs(): number {
  const text = typeof process !== "undefined" ? process.env?.LLMNIST_GEMM_PARALLEL_MIN_MACS : undefined;
  const value = text === undefined || text === "" ? NaN : Number(text);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_PARALLEL_MIN_MACS;
}

/** One matrix product on the tfjs heap, its lower rows on the GEMM thread when large enough. */
export function gemm(backend: WasmBackendInternals, g: GemmArgs): void {
  const module = kernelModuleFor(backend);
  const k = module.exports;
  const thread = g.m >= 2 * MR && g.m * g.n * g.k >= parallelMinMacs() ? gemmThread() : null;
  const lda = g.transA ? g.m : g.k;
  if (!thread) {
    const scratch = module.scratch(k.sgemm_scratch_floats(g.m, g.n, g.k) * 4);
    k.sgemm_rows(g.m, g.n, g.k, g.a, lda, g.transA ? 1 : 0, g.b, g.transB ? 1 : 0, g.c, g.bias, scratch);
    return;
  }
  // Rows [0, split) here, [split, m) on the thread; split on a panel boundary.
  const split = Math.ceil(g.m / 2 / MR) * MR;
  const rows = g.m - split;
  const aFloats = g.transA ? g.k * g.m : rows * g.k; // transposed A: all of it (rows are strided)
  const bFloats = g.k * g.n;
  const cFloats = rows * g.n;
  const biasFloats = g.bias ? g.n : 0;
  const scratchFloats = k.sgemm_scratch_floats(rows, g.n, g.k) + 4;
  const base = thread.reserve((aFloats + bFloats + cFloats + biasFloats + scratchFloats + 16) * 4);
  const at = (floats: number) => base + floats * 4;
  const [aOff, bOff, cOff, biasOff] = [at(0), at(aFloats), at(aFloats + bFloats), at(aFloats + bFloats + cFloats)];
  const scratchOff = (at(aFloats + bFloats + cFloats + biasFloats) + 15) & ~15;
  const shared = thread.heap();
  const tfHeap = backend.wasm.HEAPF32;
  const aStart = g.transA ? g.a / 4 : g.a / 4 + split * g.k;
  shared.set(tfHeap.subarray(aStart, aStart + aFloats), aOff / 4);
  shared.set(tfHeap.subarray(g.b / 4, g.b / 4 + bFloats), bOff / 4);
  if (g.bias) shared.set(tfHeap.subarray(g.bias / 4, g.bias / 4 + g.n), biasOff / 4);
  thread.post([
    rows, g.n, g.k,
    g.transA ? aOff + split * 4 : aOff, lda, g.transA ? 1 : 0,
    bOff, g.transB ? 1 : 0, cOff, g.bias ? biasOff : 0, scratchOff,
  ]);
  const scratch = module.scratch(k.sgemm_scratch_floats(split, g.n, g.k) * 4);
  k.sgemm_rows(split, g.n, g.k, g.a, lda, g.transA ? 1 : 0, g.b, g.transB ? 1 : 0, g.c, g.bias, scratch);
  thread.wait();
  backend.wasm.HEAPF32.set(thread.heap().subarray(cOff / 4, cOff / 4 + cFloats), g.c / 4 + split * g.n);
}
