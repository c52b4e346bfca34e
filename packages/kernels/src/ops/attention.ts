import * as tf from "@tensorflow/tfjs-core";
import { ATTENTION, ATTENTION_GRAD } from "../kernel-names.js";
import { customOp } from "./custom-op.js";
import { runKernel } from "./run.js";

export interface FusedAttentionOptions {
  /** Multiplies q.k (usually head_dim^-0.5). */
  scale: number;
  /** Query i (absolute position offset+i) sees keys 0..offset+i only. */
  causal?: boolean;
  /** Position of the first query (tokens already in a KV cache). */
  offset?: number;
  /** Query heads, when q is token-major `[B, n, heads*hd]` (k and v then `[B, T, kvHeads*hd]`). */
  numHeads?: number;
  /** Key/value heads, with numHeads. */
  numKvHeads?: number;
}

/**
 * Grouped-query attention core `softmax(q k^T * scale) v` in one kernel, without repeating
 * k and v; query head h reads kv head h / (hq / hkv). Head-major: q `[B, hq, n, hd]`, k and v
 * `[B, hkv, T, hd]`. Token-major (the projections' own layout, no transposes): q
 * `[B, n, hq*hd]`, k and v `[B, T, hkv*hd]`, with numHeads and numKvHeads given.
 * The result has q's layout.
 */
export function fusedAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: FusedAttentionOptions): tf.Tensor {
  const { scale, causal = false, offset = 0 } = options;
  const tokenMajor = q.rank === 3;
  const ranksOk = (q.rank === 4 || q.rank === 3) && k.rank === q.rank && v.rank === q.rank;
  const hq = tokenMajor ? options.numHeads ?? 0 : q.shape[1]!;
  const hkv = tokenMajor ? options.numKvHeads ?? 0 : k.shape[1]!;
  const hd = tokenMajor ? q.shape[2]! / hq : q.shape[3]!;
  const kvWidth = tokenMajor ? k.shape[2]! : k.shape[3]! * hkv;
  if (!ranksOk || hq <= 0 || hkv <= 0 || hq % hkv !== 0 || !Number.isInteger(hd) || kvWidth !== hkv * hd || !tf.util.arraysEqual(k.shape, v.shape)) {
    throw new Error(
      `fusedAttention: incompatible shapes q [${q.shape}], k [${k.shape}], v [${v.shape}] ` +
        `(numHeads ${options.numHeads ?? "-"}, numKvHeads ${options.numKvHeads ?? "-"})`,
    );
  }
  const attrs = { scale, causal, offset, numHeads: hq, numKvHeads: hkv };
  const op = customOp<[tf.Tensor, tf.Tensor, tf.Tensor]>(([qi, ki, vi], save) => {
    const [out, probs] = runKernel(ATTENTION, { q: qi, k: ki, v: vi }, attrs) as [tf.Tensor, tf.Tensor];
    save([qi, ki, vi, probs]);
    return {
      value: out,
      gradFunc: (dout, saved) => {
        const [qs, ks, vs, ps] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return runKernel(ATTENTION_GRAD, { dout, q: qs, k: ks, v: vs, probs: ps }, attrs);
      },
    };
  });
  return op(q, k, v);
}
