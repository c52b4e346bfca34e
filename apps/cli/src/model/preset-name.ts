import { VIT_PRESETS, type ViTConfig } from "@llmnist/vit";

/** The preset a config equals, else "custom". */
export function presetNameOf(config: ViTConfig): string {
  for (const [name, preset] of Object.entries(VIT_PRESETS)) {
    const keys = Object.keys(preset) as Array<keyof ViTConfig>;
    if (keys.every((k) => preset[k] === config[k])) return name;
  }
  return "custom";
}
