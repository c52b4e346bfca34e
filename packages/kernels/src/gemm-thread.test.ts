import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { gemmThread } from "./gemm-thread.js";
import { registerFastWasmKernels } from "./node.js";

beforeAll(async () => {
  registerFastWasmKernels();
  await tf.setBackend("wasm");
  await tf.ready();
});
afterEach(() => {
  delete process.env.LLMNIST_GEMM_PARALLEL_MIN_MACS;
});

/** op(a) op(b) + bias computed with the rows split across two threads, and on one. */
function product(threaded: boolean, transA: boolean, transB: boolean): Float32Array {
  process.env.LLMNIST_GEMM_PARALLEL_MIN_MACS = threaded ? "0" : "1e15";
  return tf.tidy(() => {
    const [m, k, n] = [37, 29, 19];
    const a = tf.randomNormal(transA ? [k, m] : [m, k], 0, 1, "float32", 1);
    const b = tf.randomNormal(transB ? [n, k] : [k, n], 0, 1, "float32", 2);
    const bias = tf.randomNormal([n], 0, 1, "float32", 3);
    return tf.fused.matMul({ a, b, bias, transposeA: transA, transposeB: transB }).dataSync() as Float32Array;
  });
}

describe("the GEMM worker thread", () => {
  it("runs where there are two or more cores (unless LLMNIST_THREADS=1)", () => {
    const expected = availableParallelism() >= 2 && process.env.LLMNIST_THREADS !== "1";
    expect(gemmThread() !== null).toBe(expected);
  });

  for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    it(`gives the same product as one thread (transposeA=${transA}, transposeB=${transB})`, () => {
      expect(Array.from(product(true, transA, transB))).toEqual(Array.from(product(false, transA, transB)));
    });
  }
});
