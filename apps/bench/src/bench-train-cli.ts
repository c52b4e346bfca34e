import { existsSync } from "node:fs";
import { defaultMnistDir } from "@llmnist/mnist-data/node";
import { measureInChild } from "./bench-train/child-runner.js";
import { BENCH_TRAIN_USAGE, parseBenchTrainArgs } from "./bench-train/options.js";
import { probeTorch, runReference } from "./bench-train/reference.js";
import { benchJsonl, benchNotes, benchTable } from "./bench-train/report.js";
import { runBenchTrain, type BenchTrainDeps } from "./bench-train/run.js";
import { saveBenchRun } from "./bench-train/save.js";
import { machineInfo } from "./shared/machine.js";
import { findRepoRoot } from "./shared/repo-root.js";

/** `pnpm bench:train`: returns the exit code (1 when a preset of ours could not be measured). */
export async function benchTrainMain(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const repoRoot = findRepoRoot(cwd);
  const o = parseBenchTrainArgs(argv, repoRoot);
  if (o.help) {
    process.stdout.write(BENCH_TRAIN_USAGE);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`bench:train: ${line}\n`);
  const dataDir = o.dataDir ?? defaultMnistDir();
  const deps: BenchTrainDeps = {
    dataDir,
    log,
    measure: (m) => measureInChild(m, { onStderr: (chunk) => process.stderr.write(chunk) }),
  };
  if (o.reference) {
    const torch = await probeTorch(o.python);
    if (!torch.ok) log(`PyTorch reference skipped: ${torch.detail}`);
    else if (!existsSync(o.referenceScript)) log(`PyTorch reference skipped: ${o.referenceScript} does not exist`);
    else {
      log(`PyTorch reference: ${o.python} (${torch.detail}) ${o.referenceScript}`);
      deps.reference = (preset, ro) => runReference(preset, ro);
    }
  }
  const date = new Date();
  const rows = await runBenchTrain(o, deps);
  const table = benchTable(rows);
  if (o.json) {
    process.stdout.write(benchJsonl(rows));
    process.stderr.write(table);
  } else {
    process.stdout.write(`\n${table}\n${benchNotes(rows).map((n) => `- ${n}`).join("\n")}\n`);
  }
  if (o.save) {
    const saved = await saveBenchRun(o.outDir, date, `pnpm bench:train ${argv.join(" ")}`.trim(), machineInfo(), rows);
    log(`saved ${saved.jsonl} and ${saved.markdown}`);
  }
  return rows.some((r) => r.error !== undefined) ? 1 : 0;
}
