import { shellQuote } from "./command-line.js";
import type { ReproOptions } from "./options.js";
import type { RunRecord } from "./run-record.js";

/**
 * The repro:tables commands that make the runs `o` does not cover (other seeds, presets or
 * epochs added by hand), so that the tables name every command behind them. Runs of the
 * same preset and loss share one command; commands that differ only in presets, then only in
 * losses, merge.
 */
export function extraCommands(records: readonly RunRecord[], o: ReproOptions): string[] {
  const covered = (r: RunRecord): boolean =>
    (o.presets as string[]).includes(r.preset) &&
    (o.losses as string[]).includes(r.loss) &&
    o.seeds.includes(r.seed) &&
    (r.epochsPlanned ?? o.epochs) === o.epochs;
  const seedsByRow = new Map<string, { preset: string; loss: string; epochs: number; seeds: Set<number> }>();
  for (const r of records) {
    if (covered(r)) continue;
    const epochs = r.epochsPlanned ?? r.epochsDone;
    const key = `${r.preset}\u0000${r.loss}\u0000${epochs}`;
    const row = seedsByRow.get(key) ?? { preset: r.preset, loss: r.loss, epochs, seeds: new Set<number>() };
    row.seeds.add(r.seed);
    seedsByRow.set(key, row);
  }
  const merged = new Map<string, { presets: Set<string>; losses: Set<string>; seeds: number[]; epochs: number }>();
  for (const row of seedsByRow.values()) {
    const seeds = [...row.seeds].sort((a, b) => a - b);
    const key = `${seeds.join()}\u0000${row.epochs}\u0000${row.loss}`;
    const group = merged.get(key) ?? { presets: new Set<string>(), losses: new Set([row.loss]), seeds, epochs: row.epochs };
    group.presets.add(row.preset);
    merged.set(key, group);
  }
  // Then losses whose runs have the same presets, seeds and epochs.
  const byLosses = new Map<string, { presets: Set<string>; losses: Set<string>; seeds: number[]; epochs: number }>();
  for (const g of merged.values()) {
    const key = `${[...g.presets].join()}\u0000${g.seeds.join()}\u0000${g.epochs}`;
    const into = byLosses.get(key);
    if (into === undefined) byLosses.set(key, g);
    else for (const loss of g.losses) into.losses.add(loss);
  }
  return [...byLosses.values()].map((g) =>
    ["pnpm", "repro:tables", "--presets", [...g.presets].join(","), "--losses", [...g.losses].join(","), "--seeds", g.seeds.join(","), "--epochs", String(g.epochs)]
      .map(shellQuote)
      .join(" "),
  );
}

/** Presets `o` asks for that have no run at all yet. */
export function presetsWithoutRuns(records: readonly RunRecord[], o: ReproOptions): string[] {
  return o.presets.filter((p) => !records.some((r) => r.preset === p));
}
