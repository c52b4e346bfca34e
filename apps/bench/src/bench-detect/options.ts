import { join } from "node:path";
import { parseFlags, positiveIntFlag } from "../shared/flags.js";

const COMMAND = "bench:detect";

export const BENCH_DETECT_FLAGS = {
  model: "string",
  sizes: "list",
  batch: "list",
  canvases: "string",
  rounds: "string",
  backend: "string",
  out: "string",
  "no-save": "boolean",
  help: "boolean",
} as const;

export interface BenchDetectOptions {
  /** The detector file (default: the one `llmnist detect` ships). */
  model: string;
  /** Canvas sizes timed, each on its own. */
  sizes: Array<{ width: number; height: number }>;
  /** Canvases per forward pass. */
  batches: number[];
  /** Canvases detected per cell and round. */
  canvases: number;
  /** Each cell is timed this many times; the median is reported. */
  rounds: number;
  /** Backend preference (auto: the engine's pick). */
  backend: string;
  outDir: string;
  save: boolean;
  help: boolean;
}

export const BENCH_DETECT_USAGE = `usage: pnpm bench:detect [options]

Inference speed of the ViT digit detector: canvases/s (forward pass + decoding + NMS) per
canvas size and batch size, on seeded canvases of MNIST test digits, median over rounds.

  --model FILE       detector (default apps/cli/assets/detector-vit.safetensors)
  --sizes LIST       canvas sizes (default 128x128,256x256)
  --batch LIST       canvases per forward pass (default 1,16)
  --canvases N       canvases per cell and round (default 64)
  --rounds N         default 3
  --backend NAME     auto | wasm | cpu | tensorflow | tensorflow-gpu (default auto)
  --out DIR          default results/bench
  --no-save          print only
`;

export function parseBenchDetectArgs(argv: readonly string[], repoRoot: string): BenchDetectOptions {
  const v = parseFlags(argv, BENCH_DETECT_FLAGS, COMMAND);
  const sizes = (v.sizes ?? ["128x128", "256x256"]).map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s);
    const [width, height] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(width >= 16 && width <= 4096 && height >= 16 && height <= 4096)) throw new Error(`${COMMAND}: --sizes takes WxH with sides in [16, 4096], got "${s}"`);
    return { width, height };
  });
  const batches = (v.batch ?? ["1", "16"]).map((b) => positiveIntFlag(b, "batch", COMMAND, 1));
  return {
    model: v.model ?? join(repoRoot, "apps", "cli", "assets", "detector-vit.safetensors"),
    sizes,
    batches,
    canvases: positiveIntFlag(v.canvases, "canvases", COMMAND, 64),
    rounds: positiveIntFlag(v.rounds, "rounds", COMMAND, 3),
    backend: v.backend ?? "auto",
    outDir: v.out ?? join(repoRoot, "results", "bench"),
    save: v["no-save"] !== true,
    help: v.help === true,
  };
}
