import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ServerMemory } from "./row.js";

/** A `llmnist serve` child process that has printed its address. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** stderr lines before `listening on` (backend, models). */
  startup: string[];
  /** The backend's name from the `backend: NAME (...)` line, when there was one. */
  backend: string | undefined;
  /** Seconds from spawn to `listening on`. */
  startupSeconds: number;
  /** RSS now (and the kernel's high-water mark), or undefined without /proc. */
  memory(): ServerMemory | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** The `backend` of a `backend: wasm (wasm: ok; ...)` line. */
export function backendFromLines(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const m = /^backend: (\S+)/.exec(l);
    if (m) return m[1];
  }
  return undefined;
}

/** VmRSS and VmHWM of a /proc/<pid>/status text, in MB; undefined without VmRSS. */
export function parseProcStatus(text: string): ServerMemory | undefined {
  const kb = (field: string): number | undefined => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const rss = kb("VmRSS");
  if (rss === undefined) return undefined;
  const peak = kb("VmHWM");
  return { rss_mb: rss / 1024, ...(peak === undefined ? {} : { peak_rss_mb: peak / 1024 }) };
}

function readMemory(pid: number): ServerMemory | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

const TAIL_LINES = 20;

/**
 * Starts `node <cli> serve --port 0 <args>` and resolves once it prints `listening on URL`.
 * Its stderr (one access-log line per request) is read all along, so the pipe never fills;
 * the last lines are kept for the error when it exits early.
 */
export function startServerProcess(cli: string, args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", ...args], { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const startup: string[] = [];
  const tail: string[] = [];
  let listening = false;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  lines(child.stderr!, (line) => {
    if (!listening) startup.push(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      if (!exited) child.kill("SIGKILL");
      reject(new Error(`llmnist serve ${args.join(" ")}: ${why}${tail.length > 0 ? `\n${tail.join("\n")}` : ""}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" within ${(options.timeoutMs ?? 300_000) / 1000} s`), options.timeoutMs ?? 300_000);
    child.once("error", (e) => fail(`cannot start: ${e.message}`));
    // "close", not "exit": by then stderr has been read to its end, so the reason is in `tail`.
    child.once("close", (code, signal) => {
      if (!listening) fail(`exited before listening (${signal ?? `code ${code}`})`);
    });
    lines(child.stdout!, (line) => {
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (listening || !m) return;
      listening = true;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        pid: child.pid!,
        startup,
        backend: backendFromLines(startup),
        startupSeconds: (performance.now() - started) / 1000,
        memory: () => readMemory(child.pid!),
        stop: (graceMs = 30_000) => stopChild(child, exit, () => exited, graceMs),
      });
    });
  });
}

async function stopChild(child: ChildProcess, exit: Promise<void>, exited: () => boolean, graceMs: number): Promise<void> {
  if (exited()) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exit;
  clearTimeout(timer);
}

/** Calls `onLine` for each complete line of a text stream. */
function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const p of parts) onLine(p.replace(/\r$/, ""));
  });
  stream.on("end", () => {
    if (rest !== "") onLine(rest);
  });
}
