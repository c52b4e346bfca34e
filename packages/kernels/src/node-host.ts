import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { GEMM_WORKER_SOURCE } from "./gemm-worker-source.js";
import { setKernelHost } from "./host.js";

/** Node's host: V8's relaxed-SIMD flag (needed on Node 20), the core count, the GEMM worker thread. */
export function installNodeKernelHost(): void {
  setKernelHost({
    enableRelaxedSimd() {
      // Relaxed SIMD is on by default from Node 22; Node 20's V8 has it behind this flag,
      // which only adds instructions to validation.
      try {
        setFlagsFromString("--experimental-wasm-relaxed-simd");
        return true;
      } catch {
        return false;
      }
    },
    availableParallelism,
    startGemmWorker(workerData) {
      // eval: the source is a string, so nothing needs locating on disk.
      const worker = new Worker(GEMM_WORKER_SOURCE, { eval: true, workerData });
      worker.unref(); // never keeps the process alive
      worker.on("error", (error) => {
        throw new Error(`@llmnist/kernels: the GEMM worker thread failed: ${String(error)}`);
      });
    },
  });
}
