import { VIT_MOE_PRESETS, VIT_PRESETS, type ViTConfig, type ViTMoEPresetName, type ViTPresetName } from "@llmnist/vit";

/** A preset the CLI trains and loads: one of the paper's, or a mixture-of-experts one. */
export type PresetName = ViTPresetName | ViTMoEPresetName;

/** The paper's presets first (as in its tables), then the mixture-of-experts ones. */
export const PRESET_NAMES = [...Object.keys(VIT_PRESETS), ...Object.keys(VIT_MOE_PRESETS)] as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as string[]).includes(name);
}

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
