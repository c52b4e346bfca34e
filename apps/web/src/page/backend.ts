import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { kernelBuild, registerFastWasmKernels } from "@llmnist/kernels";
import { pageUrl } from "./fetch-bytes.js";

export interface BackendInfo {
  name: string;
  detail: string;
}

/**
 * tfjs's wasm backend with the llmnist SIMD kernels (the fastest here: webgl would run on
 * a software GPU in many browsers, and the kernels are wasm-only); plain JavaScript (cpu)
 * when wasm does not start. Must run before any model is built (weights live on a backend).
 */
export async function startBackend(): Promise<BackendInfo> {
  let why: string;
  try {
    setWasmPaths(pageUrl("./wasm/")); // dist/wasm/ holds tfjs-backend-wasm's binaries
    registerFastWasmKernels();
    if (await tf.setBackend("wasm")) {
      await tf.ready();
      const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) ? "SIMD" : "no SIMD";
      const threads = (await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")) ? "threads" : "1 thread";
      return { name: "wasm", detail: `WebAssembly, ${simd}, ${threads}, llmnist kernels (${kernelBuild()})` };
    }
    why = "tf.setBackend(\"wasm\") failed";
  } catch (error) {
    why = (error as Error).message;
  }
  if (!(await tf.setBackend("cpu"))) throw new Error(`no tfjs backend starts: wasm (${why}), then cpu failed too`);
  await tf.ready();
  return { name: "cpu", detail: `plain JavaScript (wasm unavailable: ${why})` };
}
