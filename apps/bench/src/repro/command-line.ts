import { VIT_PRESETS } from "@llmnist/vit";
import { KD_DEFAULTS, type ReproOptions } from "./options.js";

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** repro:tables' distillation flags: --teacher, and --kd-temperature / --kd-weight when not the CLI's defaults. */
export function kdFlags(kd: { teacher: string; temperature?: number | undefined; weight?: number | undefined } | undefined): string[] {
  if (kd === undefined) return [];
  return [
    "--teacher",
    kd.teacher,
    ...(kd.temperature === undefined || kd.temperature === KD_DEFAULTS.temperature ? [] : ["--kd-temperature", String(kd.temperature)]),
    ...(kd.weight === undefined || kd.weight === KD_DEFAULTS.weight ? [] : ["--kd-weight", String(kd.weight)]),
  ];
}

/**
 * The repro:tables command that makes these runs, written out in full (defaults included, but
 * for the distillation's) so that the tables name exactly what produced them. `outDir` is as the user should type it.
 */
export function reproCommand(o: ReproOptions, outDir: string, defaultOutDir: string): string {
  if (o.quick && outDir === defaultOutDir && o.teacher === undefined && !o.augment) {
    const quickDefaults = o.presets.join() === "0.21M" && o.epochs === 1 && o.trainLimit === 4000 && o.testLimit === 1000;
    if (quickDefaults && o.losses.join() === "ce,cpo" && o.seeds.length === 1 && o.seeds[0] === 0x66ccff) return "pnpm repro:tables --quick";
  }
  const args = [
    "pnpm",
    "repro:tables",
    "--presets",
    o.presets.join(",") || Object.keys(VIT_PRESETS).join(","),
    "--losses",
    o.losses.join(","),
    "--seeds",
    o.seeds.join(","),
    "--epochs",
    String(o.epochs),
    ...(o.trainLimit === undefined ? [] : ["--train-limit", String(o.trainLimit)]),
    ...(o.testLimit === undefined ? [] : ["--test-limit", String(o.testLimit)]),
    ...kdFlags(o.teacher === undefined ? undefined : { teacher: o.teacher, temperature: o.kdTemperature, weight: o.kdWeight }),
    ...(o.augment ? ["--augment"] : []),
    ...(outDir === defaultOutDir ? [] : ["--out", outDir]),
  ];
  return args.map(shellQuote).join(" ");
}
