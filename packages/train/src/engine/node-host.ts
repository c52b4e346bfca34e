// Node-only: the engine's files, threads and replica threads. Importing this module installs them.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { createDataParallelStepper } from "../data-parallel/data-parallel-stepper.js";
import { resolveModuleUrl } from "../data-parallel/module-url.js";
import { installEngineHost, type EngineHost, type RunFiles } from "./host.js";

/** A run's files as files in `outDir`, written atomically. */
export function nodeRunFiles(outDir: string): RunFiles {
  const locate = (name: string): string => join(outDir, name);
  return {
    locate,
    exists: async (name) => existsSync(locate(name)),
    remove: (name) => rm(locate(name), { force: true }),
    write: (name, contents) => writeFileAtomic(locate(name), contents),
    read: async (name) => new Uint8Array(await readFile(locate(name))),
  };
}

/** LLMNIST_THREADS, else 2 when the machine has 2 cores or more. */
function defaultThreads(): number {
  const fromEnv = Number(process.env.LLMNIST_THREADS ?? "");
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(2, availableParallelism());
}

export const NODE_ENGINE_HOST: EngineHost = { runFiles: nodeRunFiles, defaultThreads, createDataParallelStepper, resolveModuleUrl };

installEngineHost(NODE_ENGINE_HOST);
