import { normalize } from "node:path";
import { kdFlags, shellQuote } from "./command-line.js";
import { askedDistillation, sameTeacher, type ReproOptions } from "./options.js";
import type { Distillation, RunRecord } from "./run-record.js";

/** Whether `o` makes a run of this kind: plain without --teacher; distilled the same way with it. */
function sameDistillation(d: Distillation | undefined, o: ReproOptions): boolean {
  const asked = askedDistillation(o);
  if (d === undefined || asked === undefined) return d === undefined && asked === undefined;
  return sameTeacher(d.teacher, asked.teacher) && d.temperature === asked.temperature && d.weight === asked.weight;
}

/** Distilled runs' commands never merge with plain ones, nor with another teacher's. */
const kdKey = (d: Distillation | undefined): string => (d === undefined ? "" : [normalize(d.teacher), d.temperature, d.weight].join("\u0001"));

interface Command {
  presets: Set<string>;
  losses: Set<string>;
  seeds: number[];
  epochs: number;
  distillation: Distillation | undefined;
  augmented: boolean;
}

/** Augmented runs' commands (--augment) never merge with plain ones either. */
const kindKey = (d: Distillation | undefined, augmented: boolean): string => `${kdKey(d)}\u0000${augmented ? "aug" : ""}`;

/**
 * The repro:tables commands that make the runs `o` does not cover (other seeds, presets or
 * epochs added by hand, runs distilled from a teacher `o` does not name, augmented runs when `o`
 * asks for plain ones and the other way round), so that the tables name every command behind
 * them. Runs of the same preset, loss, distillation and augmentation share one command; commands
 * that differ only in presets, then only in losses, merge.
 */
export function extraCommands(records: readonly RunRecord[], o: ReproOptions): string[] {
  const covered = (r: RunRecord): boolean =>
    (o.presets as string[]).includes(r.preset) &&
    (o.losses as string[]).includes(r.loss) &&
    o.seeds.includes(r.seed) &&
    (r.epochsPlanned ?? o.epochs) === o.epochs &&
    sameDistillation(r.distillation, o) &&
    r.augmented === o.augment;
  type Row = { preset: string; loss: string; epochs: number; distillation: Distillation | undefined; augmented: boolean; seeds: Set<number> };
  const seedsByRow = new Map<string, Row>();
  for (const r of records) {
    if (covered(r)) continue;
    const epochs = r.epochsPlanned ?? r.epochsDone;
    const key = `${r.preset}\u0000${r.loss}\u0000${epochs}\u0000${kindKey(r.distillation, r.augmented)}`;
    const row = seedsByRow.get(key) ?? { preset: r.preset, loss: r.loss, epochs, distillation: r.distillation, augmented: r.augmented, seeds: new Set<number>() };
    row.seeds.add(r.seed);
    seedsByRow.set(key, row);
  }
  const merged = new Map<string, Command>();
  for (const row of seedsByRow.values()) {
    const seeds = [...row.seeds].sort((a, b) => a - b);
    const key = `${seeds.join()}\u0000${row.epochs}\u0000${row.loss}\u0000${kindKey(row.distillation, row.augmented)}`;
    const group = merged.get(key) ?? {
      presets: new Set<string>(),
      losses: new Set([row.loss]),
      seeds,
      epochs: row.epochs,
      distillation: row.distillation,
      augmented: row.augmented,
    };
    group.presets.add(row.preset);
    merged.set(key, group);
  }
  // Then losses whose runs have the same presets, seeds, epochs, distillation and augmentation.
  const byLosses = new Map<string, Command>();
  for (const g of merged.values()) {
    const key = `${[...g.presets].join()}\u0000${g.seeds.join()}\u0000${g.epochs}\u0000${kindKey(g.distillation, g.augmented)}`;
    const into = byLosses.get(key);
    if (into === undefined) byLosses.set(key, g);
    else for (const loss of g.losses) into.losses.add(loss);
  }
  return [...byLosses.values()].map((g) =>
    [
      "pnpm",
      "repro:tables",
      "--presets",
      [...g.presets].join(","),
      "--losses",
      [...g.losses].join(","),
      "--seeds",
      g.seeds.join(","),
      "--epochs",
      String(g.epochs),
      ...kdFlags(g.distillation),
      ...(g.augmented ? ["--augment"] : []),
    ]
      .map(shellQuote)
      .join(" "),
  );
}

/**
 * Presets `o` asks for that have no run of the asked kind (plain, distilled with --teacher,
 * augmented with --augment) yet.
 */
export function presetsWithoutRuns(records: readonly RunRecord[], o: ReproOptions): string[] {
  const ofKind = (r: RunRecord): boolean => (r.distillation === undefined) === (o.teacher === undefined) && r.augmented === o.augment;
  return o.presets.filter((p) => !records.some((r) => r.preset === p && ofKind(r)));
}
