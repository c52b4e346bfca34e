import { spawn } from "node:child_process";

export interface ProcessResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  cwd?: string;
  /** Called with each chunk of stderr as it arrives (progress lines). */
  onStderr?: (chunk: string) => void;
  /** Called with each chunk of stdout as it arrives. */
  onStdout?: (chunk: string) => void;
  /** Let the child write straight to our terminal (live progress); stdout/stderr are then "". */
  inheritStdio?: boolean;
  /** The child's environment (default: ours). */
  env?: NodeJS.ProcessEnv;
}

/** Runs a program to completion; injectable so the runners can be tested without real children. */
export type RunProcess = (command: string, args: readonly string[], opts?: RunProcessOptions) => Promise<ProcessResult>;

/** Spawns `command` without a shell (arguments are passed as they are) and collects its output. */
export const runProcess: RunProcess = (command, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      stdio: opts.inheritStdio ? "inherit" : ["ignore", "pipe", "pipe"],
      ...(opts.env === undefined ? {} : { env: opts.env }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      opts.onStdout?.(chunk);
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      opts.onStderr?.(chunk);
    });
    child.on("error", (err) => reject(new Error(`cannot start ${command}: ${err.message}`)));
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

/** The last `n` non-empty lines of some output, for error messages. */
export function lastLines(text: string, n = 5): string {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .join("\n");
}
