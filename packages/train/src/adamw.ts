import * as tf from "@tensorflow/tfjs-core";
import { fusedAdamWUpdate, fusedKernelsActive } from "@llmnist/kernels";

/** AdamW hyper-parameters (PyTorch torch.optim.AdamW defaults). */
export interface AdamWOptions {
  /** Only used by callers that do not pass an lr per step; default 1e-3. */
  lr?: number;
  /** Default [0.9, 0.999]. */
  betas?: [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay, applied to every parameter; default 0.01. */
  weightDecay?: number;
}

const M_PREFIX = "adamw.m.";
const V_PREFIX = "adamw.v.";

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * AdamW with torch.optim.AdamW semantics. For each parameter p with gradient g at step t
 * (1-based):
 *   p -= lr * weightDecay * p                     (decoupled decay, before the Adam step)
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * A parameter with no gradient is skipped entirely (as PyTorch skips grad=None); a zero
 * gradient still decays. The step counter is shared by all parameters.
 */
export class AdamW {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private t = 0;
  private readonly moments = new Map<string, Moments>();

  constructor(opts: AdamWOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0.01 } = opts;
    checkLr("AdamW: lr", lr);
    const [b1, b2] = betas;
    for (const [name, b] of [
      ["betas[0]", b1],
      ["betas[1]", b2],
    ] as const) {
      if (!Number.isFinite(b) || b < 0 || b >= 1) throw new Error(`AdamW: ${name} must be in [0, 1), got ${b}`);
    }
    if (!Number.isFinite(eps) || eps < 0) throw new Error(`AdamW: eps must be a finite number >= 0, got ${eps}`);
    if (!Number.isFinite(weightDecay) || weightDecay < 0) {
      throw new Error(`AdamW: weightDecay must be a finite number >= 0, got ${weightDecay}`);
    }
    this.lr = lr;
    this.beta1 = b1;
    this.beta2 = b2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /** Number of applyGradients calls so far (or the step restored by loadState). */
  get step(): number {
    return this.t;
  }

  /**
   * One optimisation step: updates every parameter that has a gradient, in place (assign).
   * The caller keeps ownership of `grads`.
   */
  applyGradients(
    params: Array<[string, tf.Variable]>,
    grads: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
    lr: number = this.lr,
  ): void {
    checkLr("AdamW.applyGradients: lr", lr);
    const lookup = grads instanceof Map ? (k: string) => grads.get(k) : (k: string) => grads[k];
    // Validate everything before touching any state, so a bad call changes nothing.
    const work: Array<[string, tf.Variable, tf.Tensor]> = [];
    const seen = new Set<string>();
    for (const [name, p] of params) {
      if (seen.has(name)) throw new Error(`AdamW.applyGradients: parameter name "${name}" appears twice`);
      seen.add(name);
      const g = lookup(name);
      if (g === undefined) continue;
      if (!tf.util.arraysEqual(g.shape, p.shape)) {
        throw new Error(
          `AdamW.applyGradients: gradient for "${name}" has shape [${g.shape}], expected the parameter's [${p.shape}]`,
        );
      }
      if (p.dtype !== "float32") {
        throw new Error(`AdamW.applyGradients: parameter "${name}" has dtype ${p.dtype}, expected float32`);
      }
      const mom = this.moments.get(name);
      if (mom !== undefined && !tf.util.arraysEqual(mom.m.shape, p.shape)) {
        throw new Error(
          `AdamW.applyGradients: moments for "${name}" have shape [${mom.m.shape}] but the parameter has shape [${p.shape}]`,
        );
      }
      work.push([name, p, g]);
    }
    this.t += 1;
    const t = this.t;
    const { beta1: b1, beta2: b2, eps, weightDecay } = this;
    // Scalars computed in float64 here, as PyTorch computes them in Python floats.
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    tf.tidy(() => {
      for (const [name, p, g] of work) {
        const { m, v } = this.momentsFor(name, p);
        if (fusedKernelsActive()) {
          // The same update as below in one kernel (same float32 operation order).
          const [pNew, mNew, vNew] = fusedAdamWUpdate(p, g, m, v, { lr, weightDecay, beta1: b1, beta2: b2, epsilon: eps, stepSize, bc2Sqrt });
          m.assign(mNew);
          v.assign(vNew);
          p.assign(pNew);
          continue;
        }
        const decayed = weightDecay === 0 ? p : tf.mul(p, 1 - lr * weightDecay);
        const mNew = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const vNew = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const denom = tf.add(tf.div(tf.sqrt(vNew), bc2Sqrt), eps);
        const pNew = tf.sub(decayed, tf.mul(tf.div(mNew, denom), stepSize));
        m.assign(mNew);
        v.assign(vNew);
        p.assign(pNew);
      }
    });
  }

  /** Moment tensors for checkpoints, named adamw.m.<param> and adamw.v.<param>. */
  stateTensors(): Array<[string, tf.Tensor]> {
    const out: Array<[string, tf.Tensor]> = [];
    for (const [name, { m, v }] of this.moments) {
      out.push([M_PREFIX + name, m], [V_PREFIX + name, v]);
    }
    return out;
  }

  /**
   * Restores the step counter and moments (names as from stateTensors; other names are
   * ignored). The tensors are copied: the caller keeps ownership. Existing moments are
   * replaced.
   */
  loadState(step: number, tensors: Map<string, tf.Tensor>): void {
    if (!Number.isInteger(step) || step < 0) {
      throw new Error(`AdamW.loadState: step must be a non-negative integer, got ${step}`);
    }
    const pairs = new Map<string, { m?: tf.Tensor; v?: tf.Tensor }>();
    for (const [key, tensor] of tensors) {
      const kind = key.startsWith(M_PREFIX) ? "m" : key.startsWith(V_PREFIX) ? "v" : null;
      if (kind === null) continue;
      const name = key.slice(M_PREFIX.length);
      const entry = pairs.get(name) ?? {};
      entry[kind] = tensor;
      pairs.set(name, entry);
    }
    for (const [name, { m, v }] of pairs) {
      if (m === undefined || v === undefined) {
        throw new Error(
          `AdamW.loadState: parameter "${name}" has ${m ? "adamw.m" : "adamw.v"} but no ${m ? "adamw.v" : "adamw.m"} tensor`,
        );
      }
      if (!tf.util.arraysEqual(m.shape, v.shape)) {
        throw new Error(`AdamW.loadState: "${name}" has m of shape [${m.shape}] but v of shape [${v.shape}]`);
      }
    }
    if (step === 0 && pairs.size > 0) {
      throw new Error(`AdamW.loadState: step is 0 but ${pairs.size} parameters have moments`);
    }
    this.disposeMoments();
    for (const [name, { m, v }] of pairs) {
      this.moments.set(name, {
        m: tf.variable(tf.tidy(() => tf.cast(m!, "float32")), false),
        v: tf.variable(tf.tidy(() => tf.cast(v!, "float32")), false),
      });
    }
    this.t = step;
  }

  /** Frees the moment variables and resets the step counter. */
  dispose(): void {
    this.disposeMoments();
    this.t = 0;
  }

  private disposeMoments(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }

  private momentsFor(name: string, p: tf.Variable): Moments {
    let mom = this.moments.get(name);
    if (mom === undefined) {
      // tf.keep: created inside applyGradients' tidy, but must outlive it.
      mom = {
        m: tf.keep(tf.variable(tf.zerosLike(p), false)),
        v: tf.keep(tf.variable(tf.zerosLike(p), false)),
      };
      this.moments.set(name, mom);
    }
    return mom;
  }
}

function checkLr(what: string, lr: number): void {
  if (!Number.isFinite(lr) || lr < 0) throw new Error(`${what} must be a finite number >= 0, got ${lr}`);
}
