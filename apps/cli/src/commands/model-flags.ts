import { BACKEND_CHOICES } from "../backend.js";
import { parseChoice } from "../args/values.js";
import type { LoadModelOptions } from "../model/load-model.js";
import { WEIGHTS_LAYOUTS } from "../model/checkpoint-kind.js";
import { PRESET_NAMES } from "../model/preset-name.js";

/** The flags every command that loads a model shares (parseArgs option specs). */
export const MODEL_FLAG_SPECS = {
  checkpoint: { type: "string" },
  format: { type: "string", default: "auto" },
  preset: { type: "string" },
  backend: { type: "string", default: "auto" },
} as const;

/** Their help lines. */
export const MODEL_FLAG_HELP = `  --format F           auto | ${WEIGHTS_LAYOUTS.join(" | ")} (default auto: read from the file's metadata)
  --preset NAME        ${PRESET_NAMES.join(" | ")}; only needed when the shapes do not tell
  --backend NAME       ${BACKEND_CHOICES.join(" | ")} (default auto; LLMNIST_BACKEND overrides)`;

/** Checked values of the shared flags. */
export function modelFlags(values: { format: string; preset?: string | undefined; backend: string }) {
  const load: LoadModelOptions = { format: parseChoice("--format", values.format, ["auto", ...WEIGHTS_LAYOUTS] as const) };
  if (values.preset !== undefined) load.preset = parseChoice("--preset", values.preset, PRESET_NAMES);
  return { load, backend: parseChoice("--backend", values.backend, BACKEND_CHOICES) };
}
