import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { resolve } from "node:path";

/**
 * The --out folders of `llmnist train` processes running now (Linux: read from /proc), so that
 * repro:tables never starts a second process on a run folder someone is already training into.
 * Elsewhere (no /proc) it finds none.
 */
export function activeTrainingDirs(procDir = "/proc"): Set<string> {
  const dirs = new Set<string>();
  let pids: string[];
  try {
    pids = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  } catch {
    return dirs;
  }
  for (const pid of pids) {
    try {
      const args = readFileSync(`${procDir}/${pid}/cmdline`, "utf8").split("\0");
      const out = trainOutDir(args);
      if (out === undefined) continue;
      dirs.add(resolve(readlinkSync(`${procDir}/${pid}/cwd`), out));
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return dirs;
}

/** The --out of an `llmnist ... train ... --out DIR` command line; undefined for anything else. */
export function trainOutDir(args: readonly string[]): string | undefined {
  const isCli = args.some((a) => /llmnist(\.mjs)?$|apps\/cli\/(bin|dist)\//.test(a));
  if (!isCli || !args.includes("train")) return undefined;
  const i = args.findIndex((a) => a === "--out" || a.startsWith("--out="));
  if (i === -1) return undefined;
  const arg = args[i]!;
  return arg.startsWith("--out=") ? arg.slice("--out=".length) : args[i + 1];
}
