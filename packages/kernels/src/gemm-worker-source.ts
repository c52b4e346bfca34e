/**
 * The GEMM worker's code (run with `new Worker(source, { eval: true })`, so nothing needs
 * locating on disk). It instantiates the shared-memory GEMM on the memory it is given and
 * runs one job at a time, posted through `control` (see gemm-thread.ts for the protocol).
 */
export const GEMM_WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, control, stackTop } = workerData;
const { exports } = new WebAssembly.Instance(module, { env: { memory } });
exports.__stack_pointer.value = stackTop;
const c = new Int32Array(control);
for (;;) {
  let state = Atomics.load(c, 0);
  while (state !== 1 && state !== 3) {
    Atomics.wait(c, 0, state);
    state = Atomics.load(c, 0);
  }
  if (state === 3) break;
  exports.sgemm_rows(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
  Atomics.store(c, 0, 2);
  Atomics.notify(c, 0);
}
`;
