import { median } from "../shared/stats.js";
import { runClosedLoop } from "./closed-loop.js";
import { summarizeLatencies } from "./latency.js";
import type { BenchServeOptions } from "./options.js";
import { readAnswer, type Reply } from "./requests.js";
import { ENDPOINT_PATHS, type Endpoint, type Mode, type ServeCell, type ServeRound } from "./row.js";

/** The /health batching counters of one endpoint. */
export interface EndpointCounters {
  batches: number;
  batched_requests: number;
}

/** Connections to one server for one cell (keep-alive, at most `concurrency` of them). */
export interface CellClient {
  send(path: string, body: Buffer): Promise<Reply>;
  close(): void;
}

/** A running server of one mode, as the runner uses it. */
export interface ServeTarget {
  mode: Mode;
  client(concurrency: number): CellClient;
  /** The /health counters, or undefined when the server does not report them. */
  counters(): Promise<Record<Endpoint, EndpointCounters> | undefined>;
}

export interface BenchServeDeps {
  /** One per mode, measured in this order within each cell. */
  targets: readonly ServeTarget[];
  /** The request bodies of each test image and its label; request i sends image i mod length. */
  images: ReadonlyArray<{ label: number; bodies: Record<Endpoint, Buffer> }>;
  log: (line: string) => void;
}

const MAX_FAILURES_KEPT = 5;

/**
 * Measures every endpoint x concurrency x mode, `rounds` times; within a round each cell is
 * measured on every server in turn, so a machine that slows down for a while slows both modes.
 */
export async function runBenchServe(o: Pick<BenchServeOptions, "requests" | "concurrency" | "endpoints" | "rounds" | "warmup">, deps: BenchServeDeps): Promise<ServeCell[]> {
  if (deps.images.length === 0) throw new Error("bench:serve: no images to send");
  const cells = new Map<string, ServeCell>();
  const firstAnswers = new Map<string, string>();
  if (o.warmup !== 0) await warmUpServers(o.endpoints, deps);
  for (let round = 1; round <= o.rounds; round++) {
    // Odd rounds measure the servers in the order given, even rounds the other way round.
    const targets = round % 2 === 1 ? deps.targets : [...deps.targets].reverse();
    for (const endpoint of o.endpoints) {
      for (const concurrency of o.concurrency) {
        for (const target of targets) {
          const { result, failures } = await measureCell(endpoint, concurrency, target, o, deps, firstAnswers);
          const key = `${endpoint}|${concurrency}|${target.mode}`;
          let cell = cells.get(key);
          if (cell === undefined) {
            cell = { endpoint, concurrency, mode: target.mode, requests: o.requests[endpoint], requests_per_s: 0, p50_ms: 0, p99_ms: 0, wrong: 0, changed: 0, failed: 0, failures: [], rounds: [] };
            cells.set(key, cell);
          }
          cell.rounds.push(result);
          for (const f of failures) if (cell.failures.length < MAX_FAILURES_KEPT && !cell.failures.includes(f)) cell.failures.push(f);
          deps.log(
            `round ${round}/${o.rounds} ${endpoint} x${concurrency} ${target.mode}: ${result.requests_per_s.toFixed(1)} req/s, ` +
              `p50 ${result.p50_ms.toFixed(1)} ms, p99 ${result.p99_ms.toFixed(1)} ms` +
              (result.batches ? `, mean batch ${(result.batched_requests! / result.batches).toFixed(1)}` : "") +
              (result.failed > 0 ? `, ${result.failed} failed` : ""),
          );
        }
      }
    }
  }
  return [...cells.values()].map(summarizeCell);
}

/** Untimed requests per server and endpoint before the first cell (first-use costs of the model code). */
export const SERVER_WARMUP = { requests: 16, concurrency: 8 };

async function warmUpServers(endpoints: readonly Endpoint[], deps: BenchServeDeps): Promise<void> {
  for (const target of deps.targets) {
    const client = target.client(SERVER_WARMUP.concurrency);
    try {
      for (const endpoint of endpoints) {
        const path = ENDPOINT_PATHS[endpoint];
        await runClosedLoop(SERVER_WARMUP.requests, SERVER_WARMUP.concurrency, (i) => client.send(path, deps.images[i % deps.images.length]!.bodies[endpoint]));
      }
    } finally {
      client.close();
    }
  }
}

async function measureCell(
  endpoint: Endpoint,
  concurrency: number,
  target: ServeTarget,
  o: Pick<BenchServeOptions, "requests" | "warmup">,
  deps: BenchServeDeps,
  firstAnswers: Map<string, string>,
): Promise<{ result: ServeRound; failures: string[] }> {
  const path = ENDPOINT_PATHS[endpoint];
  const total = o.requests[endpoint];
  const image = (i: number) => deps.images[i % deps.images.length]!;
  const client = target.client(concurrency);
  try {
    // Untimed: opens the connections (one per worker by default) and wakes the server up.
    const warmup = o.warmup ?? concurrency;
    if (warmup > 0) await runClosedLoop(warmup, concurrency, (i) => client.send(path, image(total + i).bodies[endpoint]));
    const before = await target.counters();
    const { seconds, results } = await runClosedLoop(total, concurrency, (i) => client.send(path, image(i).bodies[endpoint]));
    const after = await target.counters();
    let wrong = 0;
    let changed = 0;
    let failed = 0;
    const failures: string[] = [];
    results.forEach(({ value }, i) => {
      const a = readAnswer(endpoint, value);
      if ("failure" in a) {
        failed++;
        failures.push(a.failure);
        return;
      }
      if (a.answer !== String(image(i).label)) wrong++;
      const key = `${endpoint}|${i % deps.images.length}`;
      const first = firstAnswers.get(key);
      if (first === undefined) firstAnswers.set(key, a.answer);
      else if (first !== a.answer) changed++;
    });
    const result: ServeRound = { ...summarizeLatencies(results.map((r) => r.ms), seconds), wrong, changed, failed, latencies_ms: results.map((r) => r.ms) };
    if (before !== undefined && after !== undefined) {
      result.batches = after[endpoint].batches - before[endpoint].batches;
      result.batched_requests = after[endpoint].batched_requests - before[endpoint].batched_requests;
    }
    return { result, failures };
  } finally {
    client.close();
  }
}

/** The cell's line: medians over its rounds, counts summed. */
export function summarizeCell(cell: ServeCell): ServeCell {
  const rounds = cell.rounds;
  const batchSizes = rounds.filter((r) => r.batches !== undefined && r.batches > 0).map((r) => r.batched_requests! / r.batches!);
  return {
    ...cell,
    requests_per_s: median(rounds.map((r) => r.requests_per_s)),
    p50_ms: median(rounds.map((r) => r.p50_ms)),
    p99_ms: median(rounds.map((r) => r.p99_ms)),
    ...(batchSizes.length > 0 ? { mean_batch: median(batchSizes) } : {}),
    wrong: rounds.reduce((a, r) => a + r.wrong, 0),
    changed: rounds.reduce((a, r) => a + r.changed, 0),
    failed: rounds.reduce((a, r) => a + r.failed, 0),
  };
}
