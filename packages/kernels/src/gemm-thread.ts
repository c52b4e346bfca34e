import { kernelHost, type KernelHost } from "./host.js";
import { gemmSharedWasmBytes } from "./kernel-build.js";

/**
 * A second core for large matrix products. tfjs's wasm heap is not shared memory, so the
 * worker gets its own shared WebAssembly memory: the caller copies in the operands of the
 * rows it hands over, the worker multiplies while the caller does the other rows on the tfjs
 * heap, and the caller copies the worker's rows back.
 *
 * Protocol on `control` (Int32Array): [0] state 0 idle, 1 job posted, 2 done, 3 exit;
 * [1..11] the sgemm_rows arguments (byte offsets in the shared memory).
 */
export interface GemmThread {
  /** Float view of the shared memory (renewed after growth). */
  heap(): Float32Array;
  /** Makes room for `bytes` bytes after the reserved area; returns the first usable byte offset. */
  reserve(bytes: number): number;
  /** Starts sgemm_rows(args) on the worker. */
  post(args: readonly number[]): void;
  /** Waits for the posted job. */
  wait(): void;
}

const PAGE = 65536;
const STACK_BYTES = 64 * 1024;
let thread: GemmThread | null | undefined;
let stopThread: (() => void) | undefined;

/**
 * The GEMM thread, or null when there is one core, LLMNIST_THREADS=1, or no host that can
 * start threads (browsers: tfjs's heap is not shared there either). Started on first use.
 */
export function gemmThread(): GemmThread | null {
  if (thread !== undefined) return thread;
  const host = kernelHost();
  const wanted = Number(typeof process !== "undefined" ? process.env?.LLMNIST_THREADS ?? "" : "");
  const threads = Number.isInteger(wanted) && wanted > 0 ? wanted : Math.min(2, host?.availableParallelism() ?? 1);
  thread = host && threads >= 2 ? startThread(host) : null;
  return thread;
}

/**
 * Stops using a second core for GEMMs in this thread (for callers that keep every core busy
 * themselves, e.g. data-parallel training replicas). Later GEMMs run on the calling thread.
 */
export function disableGemmThread(): void {
  stopThread?.();
  stopThread = undefined;
  thread = null;
}

function startThread(host: KernelHost): GemmThread {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
  const control = new SharedArrayBuffer(16 * 4);
  const c = new Int32Array(control);
  const module = new WebAssembly.Module(gemmSharedWasmBytes());
  host.startGemmWorker({ module, memory, control, stackTop: STACK_BYTES });
  stopThread = () => {
    Atomics.store(c, 0, 3);
    Atomics.notify(c, 0);
  };
  let view = new Float32Array(memory.buffer);
  return {
    heap() {
      if (view.buffer !== memory.buffer || view.length * 4 !== memory.buffer.byteLength) view = new Float32Array(memory.buffer);
      return view;
    },
    reserve(bytes) {
      const needed = STACK_BYTES + bytes;
      const have = memory.buffer.byteLength;
      if (needed > have) memory.grow(Math.ceil((needed - have) / PAGE));
      return STACK_BYTES;
    },
    post(args) {
      for (let i = 0; i < args.length; i++) c[1 + i] = args[i]!;
      Atomics.store(c, 0, 1);
      Atomics.notify(c, 0);
    },
    wait() {
      let state = Atomics.load(c, 0);
      while (state !== 2) {
        Atomics.wait(c, 0, state);
        state = Atomics.load(c, 0);
      }
      Atomics.store(c, 0, 0);
    },
  };
}
