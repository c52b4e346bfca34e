import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { describeBackend, selectBackend, type BackendName } from "@llmnist/train/node";
import { loadVitDetector } from "@llmnist/vit-detector/node";
import { measureDetect } from "./bench-detect/measure.js";
import { BENCH_DETECT_USAGE, parseBenchDetectArgs } from "./bench-detect/options.js";
import { detectJson, detectMarkdown, type DetectReport } from "./bench-detect/report.js";
import { machineInfo } from "./shared/machine.js";
import { findRepoRoot } from "./shared/repo-root.js";
import { fileStamp } from "./shared/stamp.js";

/** `pnpm bench:detect`: the detector's canvases/s per size and batch; returns the exit code. */
export async function benchDetectMain(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const o = parseBenchDetectArgs(argv, findRepoRoot(cwd));
  if (o.help) {
    process.stdout.write(BENCH_DETECT_USAGE);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`bench:detect: ${line}\n`);
  const choice = await selectBackend({ prefer: o.backend as BackendName | "auto" });
  const backend = describeBackend(choice);
  log(backend);
  const [model, digits] = await Promise.all([loadVitDetector(o.model), loadMnistSplit("test")]);
  const date = new Date();
  const cells = [];
  try {
    for (const size of o.sizes) {
      for (const batch of o.batches) {
        const cell = measureDetect(model, digits, { ...size, batch, canvases: o.canvases, rounds: o.rounds });
        log(`${size.width}x${size.height} batch ${batch}: ${cell.median_canvases_per_s.toFixed(1)} canvases/s (rounds ${cell.canvases_per_s.map((v) => v.toFixed(1)).join(", ")})`);
        cells.push(cell);
      }
    }
  } finally {
    model.disposeWeights();
  }
  const report: DetectReport = {
    date: date.toISOString(),
    command: `pnpm bench:detect ${argv.join(" ")}`.trim(),
    machine: machineInfo(),
    backend,
    model: o.model,
    params: model.countParams(),
    rounds: o.rounds,
    canvases: o.canvases,
    cells,
  };
  const markdown = detectMarkdown(report);
  process.stdout.write(markdown);
  if (o.save) {
    await mkdir(o.outDir, { recursive: true });
    const base = join(o.outDir, `detect-${fileStamp(date)}`);
    await writeFile(`${base}.json`, detectJson(report));
    await writeFile(`${base}.md`, markdown);
    log(`saved ${base}.md and .json`);
  }
  return 0;
}
