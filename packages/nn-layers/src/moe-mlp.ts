import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { collectingAuxiliaryLosses, reportAuxiliaryLoss } from "./auxiliary-losses.js";
import { buildChild, CompositeLayer } from "./composite-layer.js";
import { initSeed } from "./init.js";
import { Linear } from "./linear.js";
import { type MoERouting, type MoERoutingStats, routeTokens, routingMasks, routingStats, tokensPerExpert } from "./moe-routing.js";
import { gatherRows, scatterAddRows, withZeroGradient } from "./row-dispatch.js";
import { featureSize, singleShape } from "./shapes.js";
import { SwiGLUMLP } from "./swiglu-mlp.js";

/**
 * How tokens reach their experts: `"sparse"` gathers each expert's tokens and scatters the
 * results back (each expert computes only its tokens); `"dense"` runs every expert on every
 * token and multiplies by the gates (zero off the routed experts). Same function, same gradients.
 */
export type MoEDispatch = "sparse" | "dense";

/** The mixture-of-experts choices (also a TransformerBlock's `mlp: { type: "moe", ... }`). */
export interface MoEOptions {
  /** E: number of SwiGLU experts. */
  numExperts: number;
  /** k: experts per token (default 1, the Switch Transformer). */
  topK?: number;
  /**
   * When set, expert i accepts at most `ceil(capacityFactor * tokens * k / E)` assignments per
   * call (tokens = all leading axes of the input); the rest are dropped: they add 0, so a token
   * whose assignments are all dropped passes through the block's residual unchanged. Outputs
   * then depend on the other tokens of the call (the batch size). Default null: no limit.
   */
  capacityFactor?: number | null;
  /** alpha of the load-balancing loss `alpha * E * sum_i f_i * P_i` (default 0.01, Switch's; 0: none). */
  auxLossWeight?: number;
  /**
   * Divide the k chosen probabilities by their sum. Default `topK > 1`: Mixtral's convention for
   * k > 1; for k = 1 the gate is the raw top probability (Switch), since a renormalised single
   * gate is always 1 and would leave the router no gradient from the task loss.
   */
  normalizeTopK?: boolean;
  /** Default "sparse". */
  dispatch?: MoEDispatch;
}

export interface MoEMLPConfig extends MoEOptions {
  /** Hidden width of each expert (like SwiGLUMLP's). */
  intermediateSize: number;
  /** Bias on the experts' projections (the router never has one). */
  useBias?: boolean;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Sparse mixture-of-experts MLP: a bias-free linear router (hidden -> E), softmax over its
 * logits, each token sent to its top-k experts (SwiGLU MLPs), their outputs summed weighted by
 * the gates. Weights are named like Hugging Face's Qwen2-MoE: `<name>.gate.weight` (router),
 * `<name>.experts.<i>.{gate,up,down}_proj.weight`.
 *
 * Each forward pass records `lastRouting` (expert loads, mean router probabilities, dropped
 * fraction, load-balancing loss, as numbers) and, inside `collectAuxiliaryLosses`, reports the
 * differentiable load-balancing loss (the Switch Transformer's, with f_i over top-k assignments):
 *
 *   alpha * E * sum_i f_i * P_i,  f_i = (assignments to expert i) / (tokens * k) (no gradient),
 *                                 P_i = mean over tokens of softmax(router logits)_i.
 *
 * Gradients reach an expert only from the tokens routed (and kept) to it.
 */
export class MoEMLP extends CompositeLayer {
  static className = "LlmnistMoEMLP";
  readonly intermediateSize: number;
  readonly numExperts: number;
  readonly topK: number;
  readonly capacityFactor: number | null;
  readonly auxLossWeight: number;
  readonly normalizeTopK: boolean;
  readonly dispatch: MoEDispatch;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  readonly router: Linear;
  readonly experts: tfl.layers.Layer[];
  /** What the latest forward pass did (null before the first). */
  lastRouting: MoERoutingStats | null = null;

  constructor(config: MoEMLPConfig) {
    super(config);
    validateMoEOptions(config, "MoEMLP");
    if (!Number.isInteger(config.intermediateSize) || config.intermediateSize <= 0) {
      throw new Error(`MoEMLP: intermediateSize must be a positive integer, got ${config.intermediateSize}`);
    }
    this.intermediateSize = config.intermediateSize;
    this.numExperts = config.numExperts;
    this.topK = config.topK ?? 1;
    this.capacityFactor = config.capacityFactor ?? null;
    this.auxLossWeight = config.auxLossWeight ?? 0.01;
    this.normalizeTopK = config.normalizeTopK ?? this.topK > 1;
    this.dispatch = config.dispatch ?? "sparse";
    this.useBias = config.useBias ?? false;
    this.seed = config.seed ?? undefined;
    this.router = new Linear({ units: this.numExperts, useBias: false, seed: initSeed(this.seed, 0), name: this.childName("gate"), trainable: config.trainable });
    this.experts = Array.from({ length: this.numExperts }, (_, i) => this.createExpert(i));
  }

  /**
   * Expert `index`, named `<name>.experts.<index>`; override for another expert. It maps
   * `[n, hidden]` to `[n, hidden]`. Called from the constructor: use only fields set by it.
   */
  protected createExpert(index: number): tfl.layers.Layer {
    return new SwiGLUMLP({
      intermediateSize: this.intermediateSize,
      useBias: this.useBias,
      seed: initSeed(this.seed, 1 + index),
      name: this.childName(`experts.${index}`),
      trainable: this.trainable,
    });
  }

  /** The latest pass's load-balancing loss (a number, for logging; null before the first pass). */
  get auxiliaryLoss(): number | null {
    return this.lastRouting?.auxiliaryLoss ?? null;
  }

  protected children(): tfl.layers.Layer[] {
    // Hugging Face's registration order: gate, then experts.0 .. experts.{E-1}.
    return [this.router, ...this.experts];
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleShape(inputShape, this.name);
    const hidden = featureSize(shape, this.name);
    buildChild(this.router, shape);
    // Experts see tokens flattened to rows.
    for (const expert of this.experts) buildChild(expert, [null, hidden]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [..., hidden]
      const hidden = x.shape[x.rank - 1]!;
      const flat = tf.reshape(x, [-1, hidden]); // [T, hidden]
      const tokens = flat.shape[0]!;
      if (tokens === 0) return tf.zerosLike(x);
      const probs = tf.softmax(this.router.call(flat) as tf.Tensor); // [T, E]
      // The routing is discrete: decide it in JavaScript (one read of T x E numbers).
      const probValues = probs.dataSync();
      const routing = routeTokens(probValues, tokens, this.numExperts, this.topK, this.capacityFactor);
      this.lastRouting = routingStats(routing, probValues, this.auxLossWeight);
      this.reportBalanceLoss(probs, this.lastRouting);
      const gates = this.gateValues(probs, routing); // [T, E]
      const mixed = this.dispatch === "dense" ? this.denseMix(flat, gates) : this.sparseMix(flat, gates, routing); // [T, hidden]
      return tf.reshape(mixed, x.shape); // [..., hidden]
    });
  }

  /** `[T, E]`: each token's gate per expert, the (renormalised) top-k probability, 0 elsewhere and where dropped. */
  protected gateValues(probs: tf.Tensor, routing: MoERouting): tf.Tensor {
    const { tokens, numExperts } = routing;
    const masks = routingMasks(routing);
    let gates = tf.mul(probs, tf.tensor2d(masks.selected, [tokens, numExperts])); // [T, E]
    if (this.normalizeTopK) gates = tf.div(gates, tf.sum(gates, -1, true)); // [T, E]: the k gates sum to 1
    // Dropped after renormalising, as GShard does: the kept gates keep their values.
    if (routing.capacity !== null) gates = tf.mul(gates, tf.tensor2d(masks.kept, [tokens, numExperts])); // [T, E]
    return gates;
  }

  /** Every expert on every token, weighted by the gates: an expert's gradient is exactly 0 where its gate is. */
  protected denseMix(flat: tf.Tensor, gates: tf.Tensor): tf.Tensor {
    const tokens = flat.shape[0]!;
    const terms = this.experts.map((expert, e) => {
      const y = expert.call(flat, {}) as tf.Tensor; // [T, hidden]
      return tf.mul(y, tf.slice(gates, [0, e], [tokens, 1])); // [T, hidden]
    });
    return terms.length === 1 ? terms[0]! : tf.addN(terms); // [T, hidden]
  }

  /** Each expert on its own tokens only (gathered rows), results scattered back weighted by the gates. */
  protected sparseMix(flat: tf.Tensor, gates: tf.Tensor, routing: MoERouting): tf.Tensor {
    const { tokens, numExperts } = routing;
    const hidden = flat.shape[1]!;
    const lists = tokensPerExpert(routing);
    // All kept assignments, expert by expert: the token's row, and its gate's index in [T * E].
    const rows = new Int32Array(lists.reduce((n, list) => n + list.length, 0));
    const gateRows = new Int32Array(rows.length);
    let at = 0;
    lists.forEach((list, e) => {
      for (const t of list) {
        rows[at] = t;
        gateRows[at++] = t * numExperts + e;
      }
    });
    const xs = gatherRows(flat, rows); // [A, hidden]
    const g = gatherRows(tf.reshape(gates, [tokens * numExperts, 1]), gateRows); // [A, 1]
    const outputs: tf.Tensor[] = [];
    const idle: tf.Tensor[] = [];
    let start = 0;
    lists.forEach((list, e) => {
      const expert = this.experts[e]!;
      if (list.length === 0) {
        idle.push(...expert.trainableWeights.map((w) => w.read()));
        return;
      }
      outputs.push(expert.call(tf.slice(xs, [start, 0], [list.length, hidden]), {}) as tf.Tensor); // [n_e, hidden]
      start += list.length;
    });
    const y = outputs.length === 1 ? outputs[0]! : tf.concat(outputs, 0); // [A, hidden]
    const mixed = scatterAddRows(tf.mul(y, g), rows, tokens); // [T, hidden]
    return withZeroGradient(mixed, idle);
  }

  /**
   * Hands `alpha * E * sum_i f_i P_i` to the active auxiliary-loss collection, if any, with the
   * loads and dropped fraction as numbers, so a training loop can log them without knowing the model.
   */
  protected reportBalanceLoss(probs: tf.Tensor, stats: MoERoutingStats): void {
    if (this.auxLossWeight === 0 || !collectingAuxiliaryLosses()) return;
    const load = tf.tensor1d(stats.expertLoad); // [E], f_i: counts, no gradient
    const meanProb = tf.mean(probs, 0); // [E], P_i
    const loss = tf.mul(tf.sum(tf.mul(load, meanProb)), this.auxLossWeight * this.numExperts);
    const metrics: Record<string, number> = { dropped: stats.droppedFraction };
    stats.expertLoad.forEach((f, i) => (metrics[`load_${i}`] = f));
    reportAuxiliaryLoss(this.name, loss, metrics);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      intermediateSize: this.intermediateSize,
      numExperts: this.numExperts,
      topK: this.topK,
      capacityFactor: this.capacityFactor,
      auxLossWeight: this.auxLossWeight,
      normalizeTopK: this.normalizeTopK,
      dispatch: this.dispatch,
      useBias: this.useBias,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(MoEMLP);

/** Throws naming the field when the mixture-of-experts options are inconsistent. */
export function validateMoEOptions(o: MoEOptions, where: string): void {
  if (!Number.isInteger(o.numExperts) || o.numExperts <= 0) throw new Error(`${where}: numExperts must be a positive integer, got ${String(o.numExperts)}`);
  const k = o.topK ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > o.numExperts) {
    throw new Error(`${where}: topK must be an integer from 1 to numExperts (${o.numExperts}), got ${String(k)}`);
  }
  const cf = o.capacityFactor;
  if (cf != null && !(Number.isFinite(cf) && cf > 0)) throw new Error(`${where}: capacityFactor must be a positive number or null (no limit), got ${String(cf)}`);
  const alpha = o.auxLossWeight ?? 0.01;
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new Error(`${where}: auxLossWeight must be a finite number >= 0, got ${String(alpha)}`);
  const dispatch = o.dispatch ?? "sparse";
  if (dispatch !== "sparse" && dispatch !== "dense") throw new Error(`${where}: dispatch must be "sparse" or "dense", got ${JSON.stringify(dispatch)}`);
}
