/** What the GEMM worker receives (see gemm-thread.ts for the protocol on `control`). */
export interface GemmWorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  stackTop: number;
}

/**
 * What a runtime offers beyond plain WebAssembly. The main entry runs on any engine without
 * one (browsers: the build the engine validates, no helper thread); the Node entry
 * (node-host.ts) installs Node's, so the kernels themselves never import a Node built-in.
 */
export interface KernelHost {
  /** Switches on the engine's relaxed-SIMD validation if it has such a switch; false if it has none. */
  enableRelaxedSimd(): boolean;
  /** Cores this process may use. */
  availableParallelism(): number;
  /** Starts the GEMM helper thread on `data`; it must never keep the process alive. */
  startGemmWorker(data: GemmWorkerData): void;
}

let host: KernelHost | undefined;

/** Installs the runtime's host; done once, by the Node entry, before any kernel runs. */
export function setKernelHost(value: KernelHost): void {
  host = value;
}

/** The installed host, or undefined on a runtime that has none (browsers). */
export function kernelHost(): KernelHost | undefined {
  return host;
}
