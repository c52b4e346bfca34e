import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MachineInfo } from "../shared/machine.js";
import { fileStamp } from "../shared/stamp.js";
import { benchJsonl, benchNotes, benchTable } from "./report.js";
import type { BenchRow } from "./row.js";

export interface SavedRun {
  jsonl: string;
  markdown: string;
}

/** Writes results/bench/train-<stamp>.jsonl (one object per preset) and a .md with the table and the command. */
export async function saveBenchRun(
  outDir: string,
  date: Date,
  command: string,
  machine: MachineInfo,
  rows: readonly BenchRow[],
): Promise<SavedRun> {
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `train-${fileStamp(date)}`);
  const jsonl = `${base}.jsonl`;
  const markdown = `${base}.md`;
  await writeFile(jsonl, benchJsonl(rows, { date: date.toISOString(), ...machine }));
  const notes = benchNotes(rows).map((n) => `- ${n}`);
  const md = [
    `# bench:train, ${date.toISOString()}`,
    "",
    "```bash",
    command,
    "```",
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GB, Node ${machine.node}.`,
    "",
    benchTable(rows),
    ...notes,
    "",
  ].join("\n");
  await writeFile(markdown, md);
  return { jsonl, markdown };
}
