import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed, Linear, linear, torchDefaultUniform } from "@llmnist/nn-layers";
import { dequantizeNf4, nf4Bytes, quantizeNf4, type Nf4Tensor } from "./nf4.js";
import type { Qwen2ForCausalLM } from "./qwen2-model.js";

export interface LoraConfig {
  rank: number;
  alpha: number;
  /** Dropout on the adapter's input while training (PEFT's lora_dropout). */
  dropout: number;
  /** Module names to adapt: any of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj. */
  targets: string[];
  /** Store the frozen base kernels as NF4 and dequantise them on every call (QLoRA). */
  quantize: boolean;
  seed?: number;
}

export const LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;

/**
 * `y = x W + b + (alpha / r) * dropout(x) A B`: a frozen Linear (fp32, or NF4 when quantised)
 * plus a trainable low-rank update. A `[in, r]` starts PyTorch-default uniform, B `[r, out]`
 * starts at zero, so an adapted model computes exactly what its base does until trained.
 * Weights: the base's `<name>.weight`/`.bias` (frozen) and `<name>.lora_A.weight`, `<name>.lora_B.weight`.
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
  private dropoutCalls = 0;

  constructor(base: Linear, config: LoraConfig) {
    super({ units: base.units, useBias: base.useBias, name: base.name });
    if (!base.kernel) throw new Error(`LoraLinear: ${base.name} is not built`);
    if (!Number.isInteger(config.rank) || config.rank < 1) throw new Error(`LoraLinear: rank must be a positive integer, got ${config.rank}`);
    if (!(config.dropout >= 0 && config.dropout < 1)) throw new Error(`LoraLinear: dropout must be in [0, 1), got ${config.dropout}`);
    const [inFeatures] = base.kernel.shape as [number, number];
    this.inFeatures = inFeatures;
    this.rank = config.rank;
    this.scale = config.alpha / config.rank;
    this.dropoutRate = config.dropout;
    const seed = deriveSeed(config.seed, hashName(base.name));
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
    this.loraA = this.addWeight(`${this.name}.lora_A.weight`, [inFeatures, this.rank], "float32", torchDefaultUniform(inFeatures, seed));
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

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const base = linear(x, this.baseKernel(), this.bias?.read());
      const dropped = this.training && this.dropoutRate > 0 ? tf.dropout(x, this.dropoutRate, undefined, (this.dropoutCalls += 1)) : x;
      const update = linear(linear(dropped, this.loraA.read()), this.loraB.read()); // [..., out]
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

function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
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
    const attn = block.attn;
    const mlp = block.mlp as unknown as Record<"gateProj" | "upProj" | "downProj", Linear>;
    const slots: Array<[string, { get: () => Linear | null; set: (l: Linear) => void }]> = [
      ["q_proj", { get: () => attn.qProj, set: (l) => (attn.qProj = l) }],
      ["k_proj", { get: () => attn.kProj, set: (l) => (attn.kProj = l) }],
      ["v_proj", { get: () => attn.vProj, set: (l) => (attn.vProj = l) }],
      ["o_proj", { get: () => attn.oProj, set: (l) => (attn.oProj = l) }],
      ["gate_proj", { get: () => mlp.gateProj, set: (l) => (mlp.gateProj = l) }],
      ["up_proj", { get: () => mlp.upProj, set: (l) => (mlp.upProj = l) }],
      ["down_proj", { get: () => mlp.downProj, set: (l) => (mlp.downProj = l) }],
    ];
    for (const [target, slot] of slots) {
      if (!config.targets.includes(target)) continue;
      const base = slot.get();
      if (!base) throw new Error(`applyLora: ${block.name}: ${target} is not built`);
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

/** Switch adapter dropout on (training) or off (evaluation). */
export function setLoraTraining(adapters: LoraLinear[], training: boolean): void {
  for (const a of adapters) a.training = training;
}
