import * as tf from "@tensorflow/tfjs-core";
import { gemm } from "../gemm.js";
import { kernelModuleFor } from "../kernel-module.js";
import * as names from "../kernel-names.js";
import { offsetOf, type WasmBackendInternals } from "../wasm-backend.js";

type Inputs = Record<string, tf.TensorInfo>;
type Attrs = Record<string, number | boolean>;
type Body = (backend: WasmBackendInternals, inputs: Inputs, attrs: Attrs) => tf.TensorInfo | tf.TensorInfo[];

function float32Inputs(kernel: string, inputs: Inputs): void {
  for (const [name, t] of Object.entries(inputs)) {
    if (t.dtype !== "float32") throw new Error(`${kernel}: input ${name} must be float32, got ${t.dtype}`);
  }
}

function kernel(kernelName: string, body: Body): tf.KernelConfig {
  return {
    kernelName,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      float32Inputs(kernelName, inputs as Inputs);
      return body(backend as unknown as WasmBackendInternals, inputs as Inputs, (attrs ?? {}) as unknown as Attrs);
    },
  };
}

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);
const last = (t: tf.TensorInfo, fromEnd = 1) => t.shape[t.shape.length - fromEnd]!;

/**
 * y = x*cos + rotate_half(x)*sin (sign -1: the transpose). cos/sin [n, hd]; x [..., n, hd]
 * (head-major) or [..., n, heads*hd] (token-major): a last axis wider than hd holds several heads.
 */
const rotary = kernel(names.ROTARY, (backend, { x, cos, sin }, { sign }) => {
  const hd = last(cos!);
  const n = last(x!, 2);
  const inner = last(x!) / hd;
  const y = backend.makeOutput(x!.shape, "float32");
  const k = kernelModuleFor(backend).exports;
  k.rotary(
    offsetOf(backend, x!), offsetOf(backend, cos!), offsetOf(backend, sin!), offsetOf(backend, y),
    size(x!) / (n * inner * hd), n, inner, hd, Number(sign ?? 1),
  );
  return y;
});

/** y = x W (+ b) for x [..., in], W [in, out]: no reshapes, the bias added in the same pass. */
const linear = kernel(names.LINEAR, (backend, { x, weight, bias }) => {
  const [inFeatures, outFeatures] = weight!.shape as [number, number];
  const rows = size(x!) / inFeatures;
  const y = backend.makeOutput([...x!.shape.slice(0, -1), outFeatures], "float32");
  gemm(backend, {
    m: rows, n: outFeatures, k: inFeatures,
    a: offsetOf(backend, x!), transA: false, b: offsetOf(backend, weight!), transB: false,
    c: offsetOf(backend, y), bias: bias ? offsetOf(backend, bias) : 0,
  });
  return y;
});

/** [dx, dW(, db)] of linear: dx = dy W^T, dW = x^T dy, db = column sums of dy. */
const linearGrad = kernel(names.LINEAR_GRAD, (backend, { dy, x, weight }, { hasBias }) => {
  const [inFeatures, outFeatures] = weight!.shape as [number, number];
  const rows = size(x!) / inFeatures;
  const dx = backend.makeOutput(x!.shape, "float32");
  const dw = backend.makeOutput(weight!.shape, "float32");
  const [pdy, px, pw] = [offsetOf(backend, dy!), offsetOf(backend, x!), offsetOf(backend, weight!)];
  gemm(backend, { m: rows, n: inFeatures, k: outFeatures, a: pdy, transA: false, b: pw, transB: true, c: offsetOf(backend, dx), bias: 0 });
  gemm(backend, { m: inFeatures, n: outFeatures, k: rows, a: px, transA: true, b: pdy, transB: false, c: offsetOf(backend, dw), bias: 0 });
  if (!hasBias) return [dx, dw];
  const db = backend.makeOutput([outFeatures], "float32");
  kernelModuleFor(backend).exports.column_sums(pdy, offsetOf(backend, db), rows, outFeatures);
  return [dx, dw, db];
});

/** [y, r]: RMSNorm over the last axis and the per-row 1/rms kept for the gradient. */
const rmsNorm = kernel(names.RMS_NORM, (backend, { x, weight }, { epsilon }) => {
  const d = last(x!);
  const rows = size(x!) / d;
  const y = backend.makeOutput(x!.shape, "float32");
  const r = backend.makeOutput([rows], "float32");
  kernelModuleFor(backend).exports.rms_norm(
    offsetOf(backend, x!), offsetOf(backend, weight!), offsetOf(backend, y), offsetOf(backend, r), rows, d, Number(epsilon),
  );
  return [y, r];
});

/** [dx, dweight] of RMSNorm. */
const rmsNormGrad = kernel(names.RMS_NORM_GRAD, (backend, { dy, x, weight, r }) => {
  const d = last(x!);
  const rows = size(x!) / d;
  const dx = backend.makeOutput(x!.shape, "float32");
  const dw = backend.makeOutput([d], "float32");
  kernelModuleFor(backend).exports.rms_norm_grad(
    offsetOf(backend, dy!), offsetOf(backend, x!), offsetOf(backend, weight!), offsetOf(backend, r!),
    offsetOf(backend, dx), offsetOf(backend, dw), rows, d,
  );
  return [dx, dw];
});

/** silu(gate) * up. */
const swiglu = kernel(names.SWIGLU, (backend, { gate, up }) => {
  const h = backend.makeOutput(gate!.shape, "float32");
  kernelModuleFor(backend).exports.swiglu(offsetOf(backend, gate!), offsetOf(backend, up!), offsetOf(backend, h), size(gate!));
  return h;
});

/** [dgate, dup]. */
const swigluGrad = kernel(names.SWIGLU_GRAD, (backend, { dh, gate, up }) => {
  const dg = backend.makeOutput(gate!.shape, "float32");
  const du = backend.makeOutput(gate!.shape, "float32");
  kernelModuleFor(backend).exports.swiglu_grad(
    offsetOf(backend, dh!), offsetOf(backend, gate!), offsetOf(backend, up!), offsetOf(backend, dg), offsetOf(backend, du), size(gate!),
  );
  return [dg, du];
});

/** Shape facts of an attention call: head-major q [B,hq,n,hd] or token-major q [B,n,hq*hd]. */
function attentionDims(q: tf.TensorInfo, k: tf.TensorInfo, attrs: Attrs) {
  const tokenMajor = q.shape.length === 3;
  if (tokenMajor) {
    const hq = Number(attrs.numHeads);
    const hkv = Number(attrs.numKvHeads);
    const [b, n, width] = q.shape as [number, number, number];
    return { tokenMajor, b, hq, hkv, n, t: k.shape[1]!, hd: width / hq };
  }
  const [b, hq, n, hd] = q.shape as [number, number, number, number];
  return { tokenMajor, b, hq, hkv: k.shape[1]!, n, t: k.shape[2]!, hd };
}

/** [out, probs]: softmax(q k^T * scale [+ causal mask]) v per query head (see ops/attention.ts). */
const attention = kernel(names.ATTENTION, (backend, { q, k, v }, attrs) => {
  const { tokenMajor, b, hq, hkv, n, t, hd } = attentionDims(q!, k!, attrs);
  const out = backend.makeOutput(q!.shape, "float32");
  const probs = backend.makeOutput([b, hq, n, t], "float32");
  const module = kernelModuleFor(backend);
  const scratch = module.scratch(module.exports.attention_scratch_floats(n, t, hd, hq / hkv) * 4);
  module.exports.attention(
    offsetOf(backend, q!), offsetOf(backend, k!), offsetOf(backend, v!), offsetOf(backend, out), offsetOf(backend, probs),
    b, hq, hkv, n, t, hd, Number(attrs.scale), attrs.causal ? 1 : 0, Number(attrs.offset ?? 0), tokenMajor ? 1 : 0, scratch,
  );
  return [out, probs];
});

/** [dq, dk, dv] of the attention core. */
const attentionGrad = kernel(names.ATTENTION_GRAD, (backend, { dout, q, k, v, probs }, attrs) => {
  const { tokenMajor, b, hq, hkv, n, t, hd } = attentionDims(q!, k!, attrs);
  const dq = backend.makeOutput(q!.shape, "float32");
  const dk = backend.makeOutput(k!.shape, "float32");
  const dv = backend.makeOutput(v!.shape, "float32");
  const module = kernelModuleFor(backend);
  const scratch = module.scratch(module.exports.attention_scratch_floats(n, t, hd, hq / hkv) * 4);
  module.exports.attention_grad(
    offsetOf(backend, dout!), offsetOf(backend, q!), offsetOf(backend, k!), offsetOf(backend, v!), offsetOf(backend, probs!),
    offsetOf(backend, dq), offsetOf(backend, dk), offsetOf(backend, dv), b, hq, hkv, n, t, hd, Number(attrs.scale),
    tokenMajor ? 1 : 0, scratch,
  );
  return [dq, dk, dv];
});

/** [p', m', v'] of one AdamW step (attrs: the step's scalars, see ops/adamw.ts). */
const adamw = kernel(names.ADAMW, (backend, { param, grad, m, v }, attrs) => {
  const pOut = backend.makeOutput(param!.shape, "float32");
  const mOut = backend.makeOutput(param!.shape, "float32");
  const vOut = backend.makeOutput(param!.shape, "float32");
  const a = (key: string) => Number(attrs[key]);
  kernelModuleFor(backend).exports.adamw(
    offsetOf(backend, param!), offsetOf(backend, grad!), offsetOf(backend, m!), offsetOf(backend, v!),
    offsetOf(backend, pOut), offsetOf(backend, mOut), offsetOf(backend, vOut), size(param!),
    a("decay"), a("beta1"), a("oneMinusBeta1"), a("beta2"), a("oneMinusBeta2"), a("bc2Sqrt"), a("epsilon"), a("stepSize"),
  );
  return [pOut, mOut, vOut];
});

export const FUSED_WASM_KERNELS: tf.KernelConfig[] = [
  rotary, linear, linearGrad, rmsNorm, rmsNormGrad, swiglu, swigluGrad, attention, attentionGrad, adamw,
];
