import { VIT_MOE_PRESETS, VIT_PRESETS, type ViTConfig } from "@llmnist/vit";

/** The preset a config equals (the paper's, or a mixture-of-experts one), else "custom". */
export function presetNameOf(config: ViTConfig): string {
  const presets: Record<string, Partial<ViTConfig>> = { ...VIT_PRESETS, ...VIT_MOE_PRESETS };
  for (const [name, preset] of Object.entries(presets)) {
    const keys = Object.keys(preset) as Array<keyof ViTConfig>;
    // mlp is an object: compared as JSON; a preset without it has the plain SwiGLU MLP.
    const sameMlp = JSON.stringify(preset.mlp ?? null) === JSON.stringify(config.mlp ?? null);
    if (sameMlp && keys.every((k) => k === "mlp" || preset[k] === config[k])) return name;
  }
  return "custom";
}
