// The Node entry (`@llmnist/kernels/node`, and what `@llmnist/kernels` resolves to under Node's
// "node" export condition): the browser-safe API plus Node's host, which adds the relaxed-SIMD
// build on Node 20 and the GEMM helper thread.
import { installNodeKernelHost } from "./node-host.js";

installNodeKernelHost();

export * from "./index.js";
