import { activeParameterCount, isViTMoEPreset, resolveViTConfig } from "@llmnist/vit";
import type { MoEStats } from "./run-record.js";

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** What the preset's config says (experts, top-k, active parameters); undefined for a preset without experts. */
export function moeStatsOfPreset(preset: string): MoEStats | undefined {
  if (!isViTMoEPreset(preset)) return undefined;
  const config = resolveViTConfig(preset);
  if (config.mlp?.type !== "moe") return undefined;
  return {
    experts: config.mlp.numExperts,
    topK: config.mlp.topK ?? 1,
    paramsActive: activeParameterCount(config),
    load: undefined,
    trainAuxLoss: undefined,
    trainImagesPerSecond: undefined,
  };
}

/** summary.json's `moe.load`: layers of fractions, one per expert. */
function loadOf(value: unknown, experts: number, where: string): number[][] {
  const ok = Array.isArray(value) && value.every((layer) => Array.isArray(layer) && layer.length === experts && layer.every(isNumber));
  if (!ok) throw new Error(`${where}: field "moe.load" must be a list of layers of ${experts} numbers each, got ${JSON.stringify(value)}`);
  return value as number[][];
}

/**
 * A finished mixture-of-experts run's extras from its summary.json (`llmnist train` writes
 * `params_active`, `moe`, `train_aux_loss`, `train_images_per_second` for such runs); undefined for
 * other runs. A summary without `moe` of an MoE preset still counts as one (from the preset).
 */
export function moeStatsFromSummary(summary: Record<string, unknown>, preset: string, where: string): MoEStats | undefined {
  const moe = summary.moe;
  const fromPreset = moeStatsOfPreset(preset);
  if (moe === undefined || moe === null) return fromPreset;
  if (typeof moe !== "object" || Array.isArray(moe)) throw new Error(`${where}: field "moe" must be an object, got ${JSON.stringify(moe)}`);
  const m = moe as Record<string, unknown>;
  if (!isNumber(m.experts) || !isNumber(m.top_k)) throw new Error(`${where}: field "moe" needs numbers "experts" and "top_k", got ${JSON.stringify(moe)}`);
  return {
    experts: m.experts,
    topK: m.top_k,
    paramsActive: isNumber(summary.params_active) ? summary.params_active : fromPreset?.paramsActive,
    load: loadOf(m.load, m.experts, where),
    trainAuxLoss: isNumber(summary.train_aux_loss) ? summary.train_aux_loss : undefined,
    trainImagesPerSecond: isNumber(summary.train_images_per_second) ? summary.train_images_per_second : undefined,
  };
}
