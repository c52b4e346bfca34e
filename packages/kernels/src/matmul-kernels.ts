import * as tf from "@tensorflow/tfjs-core";
import { gemm } from "./gemm.js";
import { offsetOf, type WasmBackendInternals } from "./wasm-backend.js";

type KernelFunc = tf.KernelConfig["kernelFunc"];

interface MatMulPlan {
  m: number;
  n: number;
  k: number;
  batch: number;
  /** Elements between consecutive batch matrices of a and b (0 = broadcast). */
  strideA: number;
  strideB: number;
  outShape: number[];
}

/** Shapes of op(a) @ op(b) with batch broadcasting of one side, or undefined if unsupported. */
function planMatMul(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | undefined {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kB = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kB) {
    throw new Error(
      `matMul: inner dimensions differ: a ${JSON.stringify(a.shape)} (transposeA=${transposeA}) has ${k}, ` +
        `b ${JSON.stringify(b.shape)} (transposeB=${transposeB}) has ${kB}`,
    );
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  if (batchA === batchB && (outerA.length === outerB.length || batchA === 1)) outer = outerA.length >= outerB.length ? outerA : outerB;
  else if (batchA === 1) outer = outerB;
  else if (batchB === 1) outer = outerA;
  else return undefined; // partial broadcasting: leave it to tfjs
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  return {
    m,
    n,
    k,
    batch: Math.max(batchA, batchB),
    strideA: batchA === 1 ? 0 : m * k,
    strideB: batchB === 1 ? 0 : k * n,
    outShape: [...outer, m, n],
  };
}

function runMatMul(
  backend: WasmBackendInternals,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  plan: MatMulPlan,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const out = backend.makeOutput(plan.outShape, "float32");
  const { m, n, k } = plan;
  if (m * n === 0) return out;
  const pa = offsetOf(backend, a);
  const pb = offsetOf(backend, b);
  const pc = offsetOf(backend, out);
  const pbias = bias ? offsetOf(backend, bias) : 0;
  for (let i = 0; i < plan.batch; i++) {
    gemm(backend, {
      m, n, k,
      a: pa + i * plan.strideA * 4, transA: transposeA,
      b: pb + i * plan.strideB * 4, transB: transposeB,
      c: pc + i * m * n * 4, bias: pbias,
    });
  }
  return out;
}

/** BatchMatMul on the wasm backend, all four transpose combinations at SIMD speed. */
export function batchMatMulKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const plan = a.dtype === "float32" && b.dtype === "float32" ? planMatMul(a, b, transposeA, transposeB) : undefined;
    if (!plan) return fallback(args);
    return runMatMul(args.backend as unknown as WasmBackendInternals, a, b, undefined, plan, transposeA, transposeB);
  };
}

/** _FusedMatMul (tf.fused.matMul) with an optional per-column bias and no activation. */
export function fusedMatMulKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as {
      a: tf.TensorInfo;
      b: tf.TensorInfo;
      bias?: tf.TensorInfo;
      preluActivationWeights?: tf.TensorInfo;
    };
    const { transposeA, transposeB, activation } = args.attrs as unknown as tf._FusedMatMulAttrs;
    const plan = a.dtype === "float32" && b.dtype === "float32" ? planMatMul(a, b, transposeA, transposeB) : undefined;
    const simpleBias = !bias || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === plan?.n);
    if (!plan || !simpleBias || preluActivationWeights || (activation !== "linear" && activation !== undefined)) {
      return fallback(args);
    }
    return runMatMul(args.backend as unknown as WasmBackendInternals, a, b, bias, plan, transposeA, transposeB);
  };
}
