import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { Linear, linear, torchDefaultUniform } from "@llmnist/nn-layers";
import { deriveSeed, fnv1a32 } from "@llmnist/random";
import { decoderLinearSlots, LORA_TARGETS } from "./linear-slots.js";
import { dequantizeNf4, nf4Bytes, quantizeNf4, type Nf4Tensor } from "./nf4.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";

export { LORA_TARGETS, type LoraModuleName } from "./linear-slots.js";

export interface LoraConfig {
  rank: number;
  alpha: number;
  /** Dropout on the adapter's input while training (PEFT's lora_dropout). */
  dropout: number;
  /** Module names to adapt: any of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj. */
  targets: string[];
  /** Store the frozen base kernels as NF4 and dequantise them on every call (QLoRA). */
  quantize: boolean;
  /** Base seed of A's initialisation (random when omitted) and of the dropout masks (0 when omitted). */
  seed?: number;
}

// Separate streams of deriveSeed(seed, stream, ...) so A's init and the masks never share numbers.
const INIT_STREAM = 1;
const DROPOUT_STREAM = 2;

/**
 * `y = x W + b + (alpha / r) * dropout(x) A B`: a frozen Linear (fp32, or NF4 when quantised)
 * plus a trainable low-rank update. A `[in, r]` starts PyTorch-default uniform, B `[r, out]`
 * starts at zero, so an adapted model computes exactly what its base does until trained.
 * Weights: the base's `<name>.weight`/`.bias` (frozen) and `<name>.lora_A.weight`, `<name>.lora_B.weight`.
 *
 * Dropout masks depend only on (seed, step, shard, adapter name, call within the step), so a
 * resumed run draws the masks an unbroken one would, and q/k/v (which see the same input) do
 * not share a mask. Set the step with `setLoraStep` before every training step.
 */
export class LoraLinear extends Linear {
  static override className = "LlmnistLoraLinear";
  readonly rank: number;
  readonly scale: number;
  readonly dropoutRate: number;
  /** The quantised base kernel (QLoRA); null when the base is kept in fp32. */
  readonly nf4: Nf4Tensor | null;
  readonly inFeatures: number;
  loraA: tfl.LayerVariable;
  loraB: tfl.LayerVariable;
  /** Apply dropout (set by the trainer); inference leaves it off. */
  training = false;
  private readonly maskSeed: number;
  private readonly nameHash: number;
  private step: number | null = null;
  private shard = 0;
  private callsThisStep = 0;

  constructor(base: Linear, config: LoraConfig) {
    super({ units: base.units, useBias: base.useBias, name: base.name });
    if (!base.kernel) throw new Error(`LoraLinear: ${base.name} is not built`);
    if (!Number.isInteger(config.rank) || config.rank < 1) throw new Error(`LoraLinear: rank must be a positive integer, got ${config.rank}`);
    if (!(config.dropout >= 0 && config.dropout < 1)) throw new Error(`LoraLinear: dropout must be in [0, 1), got ${config.dropout}`);
    if (config.seed !== undefined && !Number.isSafeInteger(config.seed)) throw new Error(`LoraLinear: seed must be a safe integer, got ${config.seed}`);
    const [inFeatures] = base.kernel.shape as [number, number];
    this.inFeatures = inFeatures;
    this.rank = config.rank;
    this.scale = config.alpha / config.rank;
    this.dropoutRate = config.dropout;
    this.nameHash = fnv1a32(new TextEncoder().encode(base.name));
    this.maskSeed = config.seed ?? 0;
    const initSeed = config.seed === undefined ? undefined : deriveSeed(config.seed, INIT_STREAM, this.nameHash);
    base.kernel.trainable = false;
    if (base.bias) base.bias.trainable = false;
    if (config.quantize) {
      this.nf4 = quantizeNf4(base.kernel.read().dataSync() as Float32Array, [inFeatures, base.units]);
      base.kernel.dispose(); // the fp32 copy is what QLoRA saves
      this.kernel = null;
    } else {
      this.nf4 = null;
      this.kernel = base.kernel;
    }
    this.bias = base.bias;
    this.loraA = this.addWeight(`${this.name}.lora_A.weight`, [inFeatures, this.rank], "float32", torchDefaultUniform(inFeatures, initSeed));
    this.loraB = this.addWeight(`${this.name}.lora_B.weight`, [this.rank, this.units], "float32", tfl.initializers.zeros());
    const frozen = [this.kernel, this.bias].filter((w): w is tfl.LayerVariable => w !== null);
    this.trainableWeights = [this.loraA, this.loraB, ...frozen];
    this.built = true;
  }

  override build(): void {
    this.built = true;
  }

  /** The frozen kernel `[in, out]` as a tensor (dequantised from NF4 on the fly when quantised). */
  baseKernel(): tf.Tensor {
    if (this.nf4) return tf.tensor(dequantizeNf4(this.nf4), this.nf4.shape);
    return this.kernel!.read();
  }

  /** The update `(alpha / r) * A B` in the kernel's `[in, out]` layout (PyTorch's `[out, in]` is its transpose, `B A`). */
  deltaKernel(): tf.Tensor {
    return tf.tidy(() => tf.mul(tf.matMul(this.loraA.read(), this.loraB.read()), this.scale)); // [in, out]
  }

  /**
   * Start a training step: the masks of the calls that follow are drawn from
   * (seed, step, shard, name, call index within this step). `shard` tells data-parallel
   * replicas apart, which see different examples at the same step.
   */
  setStep(step: number, shard = 0): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new Error(`LoraLinear ${this.name}: step must be a non-negative integer, got ${step}`);
    if (!Number.isSafeInteger(shard) || shard < 0) throw new Error(`LoraLinear ${this.name}: shard must be a non-negative integer, got ${shard}`);
    this.step = step;
    this.shard = shard;
    this.callsThisStep = 0;
  }

  /** The adapter's input as `call` uses it: dropped out while training, unchanged otherwise. */
  dropInput(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.dropoutRate === 0) return x;
    if (this.step === null) {
      throw new Error(`LoraLinear ${this.name}: dropout is on but no step was set; call setLoraStep(model, step) before each training step`);
    }
    const seed = deriveSeed(this.maskSeed, DROPOUT_STREAM, this.step, this.shard, this.nameHash, this.callsThisStep);
    this.callsThisStep += 1; // a second call in the same step (e.g. prompt prefix, then images) gets its own mask
    return tf.dropout(x, this.dropoutRate, undefined, seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const base = linear(x, this.baseKernel(), this.bias?.read());
      const update = linear(linear(this.dropInput(x), this.loraA.read()), this.loraB.read()); // [..., out]
      return tf.add(base, tf.mul(update, this.scale));
    });
  }

  /** Bytes of the frozen kernel as stored: fp32, or NF4 codes + scales. */
  frozenBytes(): { fp32: number; stored: number } {
    const fp32 = this.inFeatures * this.units * 4;
    return { fp32, stored: this.nf4 ? nf4Bytes(this.nf4) : fp32 };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rank: this.rank, scale: this.scale, dropout: this.dropoutRate, quantized: this.nf4 !== null };
  }
}

export interface LoraReport {
  adapters: LoraLinear[];
  /** Trainable adapter weights by name. */
  params: Array<[string, tf.Variable]>;
  /** Frozen linear kernels: bytes as fp32 vs as stored (NF4 when quantised). */
  frozenFp32Bytes: number;
  frozenStoredBytes: number;
}

/**
 * Freeze the whole LM and put LoRA adapters on the target linears of every decoder layer
 * (replacing them in place, names unchanged). Returns the adapter weights to train and the
 * memory the frozen kernels take.
 */
export function applyLora(lm: Qwen2ForCausalLM, config: LoraConfig): LoraReport {
  const unknown = config.targets.filter((t) => !(LORA_TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0 || config.targets.length === 0) {
    throw new Error(`applyLora: targets must be a non-empty subset of ${LORA_TARGETS.join(", ")}; got ${JSON.stringify(config.targets)}`);
  }
  for (const w of lm.weights) w.trainable = false;
  const adapters: LoraLinear[] = [];
  for (const block of lm.model.layers) {
    for (const slot of decoderLinearSlots(block)) {
      if (!config.targets.includes(slot.target)) continue;
      const base = slot.get();
      if (!base) throw new Error(`applyLora: ${block.name}: ${slot.target} is not built`);
      if (base instanceof LoraLinear) throw new Error(`applyLora: ${base.name} already has an adapter`);
      const adapter = new LoraLinear(base, config);
      slot.set(adapter);
      adapters.push(adapter);
    }
  }
  const params = adapters.flatMap((a): Array<[string, tf.Variable]> => [
    [a.loraA.originalName, a.loraA.read() as tf.Variable],
    [a.loraB.originalName, a.loraB.read() as tf.Variable],
  ]);
  const bytes = adapters.map((a) => a.frozenBytes());
  return {
    adapters,
    params,
    frozenFp32Bytes: bytes.reduce((s, b) => s + b.fp32, 0),
    frozenStoredBytes: bytes.reduce((s, b) => s + b.stored, 0),
  };
}

/** An LM with adapters, or the adapters themselves (e.g. `applyLora(...).adapters`). */
export type LoraAdapters = Qwen2ForCausalLM | readonly LoraLinear[];

/** Every LoRA adapter in the LM's decoder, layer by layer in LORA_TARGETS order. */
export function loraAdapters(lm: Qwen2ForCausalLM): LoraLinear[] {
  return lm.model.layers.flatMap((block) =>
    decoderLinearSlots(block)
      .map((slot) => slot.get())
      .filter((l): l is LoraLinear => l instanceof LoraLinear),
  );
}

function adaptersOf(target: LoraAdapters): readonly LoraLinear[] {
  return Array.isArray(target) ? (target as readonly LoraLinear[]) : loraAdapters(target as Qwen2ForCausalLM);
}

/** Switch adapter dropout on (training) or off (evaluation). */
export function setLoraTraining(target: LoraAdapters, training: boolean): void {
  for (const a of adaptersOf(target)) a.training = training;
}

/**
 * Call before every training step with the global step (the one checkpoints resume from):
 * the step's dropout masks then depend only on (LoraConfig.seed, step, shard, adapter name),
 * the same in a resumed run as in an unbroken one. Data-parallel replicas pass their shard index.
 */
export function setLoraStep(target: LoraAdapters, step: number, options: { shard?: number } = {}): void {
  for (const a of adaptersOf(target)) a.setStep(step, options.shard ?? 0);
}
