import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { healthCounters, httpClient } from "./bench-serve/http-client.js";
import { loadBenchImages } from "./bench-serve/images.js";
import { BENCH_SERVE_USAGE, parseBenchServeArgs } from "./bench-serve/options.js";
import { batchingRatios, serveJson, serveNotes, serverTable, serveTable, type ServeReport } from "./bench-serve/report.js";
import { requestBodies } from "./bench-serve/requests.js";
import { MODES, type ServerInfo } from "./bench-serve/row.js";
import { runBenchServe, type ServeTarget } from "./bench-serve/run.js";
import { saveServeRun } from "./bench-serve/save.js";
import { startServerProcess, type ServerProcess } from "./bench-serve/server-process.js";
import { machineInfo } from "./shared/machine.js";
import { findRepoRoot } from "./shared/repo-root.js";

/** `pnpm bench:serve`: returns the exit code (1 when a request failed). */
export async function benchServeMain(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const repoRoot = findRepoRoot(cwd);
  const o = parseBenchServeArgs(argv, repoRoot);
  if (o.help) {
    process.stdout.write(BENCH_SERVE_USAGE);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`bench:serve: ${line}\n`);
  if (!existsSync(o.cli)) throw new Error(`${o.cli} does not exist (--cli)`);
  const images = (await loadBenchImages(o.images, o.dataDir)).map((im) => ({ label: im.label, bodies: requestBodies(im.png) }));
  log(`${images.length} MNIST test images as PNG`);

  const date = new Date();
  const loadAvg = loadavg()[0];
  const running: Array<{ mode: (typeof MODES)[number]; args: string[]; server: ServerProcess }> = [];
  const servers: ServerInfo[] = [];
  let cells;
  try {
    // One after the other: two model loads at once would only slow each other down.
    for (const mode of MODES) {
      const args = [...mode.serverArgs, ...(o.backend === undefined ? [] : ["--backend", o.backend])];
      log(`starting llmnist serve --port 0 ${args.join(" ")}`.trimEnd());
      const server = await startServerProcess(o.cli, args, { cwd: repoRoot });
      log(`${mode.name}: ${server.url} (pid ${server.pid}, ${server.backend ?? "backend unknown"}, ${server.startupSeconds.toFixed(1)} s)`);
      running.push({ mode, args, server });
    }
    const targets: ServeTarget[] = running.map(({ mode, server }) => ({
      mode: mode.name,
      client: (concurrency) => httpClient(server.url, concurrency),
      counters: () => healthCounters(server.url),
    }));
    cells = await runBenchServe(o, { targets, images, log });
    for (const { mode, args, server } of running) {
      const memory = server.memory();
      servers.push({ mode: mode.name, args, backend: server.backend, startup: server.startup, startup_s: server.startupSeconds, ...(memory ? { memory } : {}) });
    }
  } finally {
    await Promise.all(running.map(({ server }) => server.stop()));
  }

  const report: ServeReport = {
    date: date.toISOString(),
    command: `pnpm bench:serve ${argv.join(" ")}`.trim(),
    machine: machineInfo(),
    ...(loadAvg === undefined ? {} : { load_avg: loadAvg }),
    options: { requests: o.requests, concurrency: o.concurrency, endpoints: o.endpoints, rounds: o.rounds, warmup: o.warmup, images: images.length },
    servers,
    cells,
    ratios: batchingRatios(cells),
  };
  const text = `\n${serverTable(servers)}\n${serveTable(cells, report.ratios)}\n${serveNotes(report).map((n) => `- ${n}`).join("\n")}\n`;
  if (o.json) {
    process.stdout.write(serveJson(report));
    process.stderr.write(text);
  } else {
    process.stdout.write(text);
  }
  if (o.save) {
    const saved = await saveServeRun(o.outDir, date, report);
    log(`saved ${saved.markdown} and ${saved.json}`);
  }
  return cells.some((c) => c.failed > 0) ? 1 : 0;
}
