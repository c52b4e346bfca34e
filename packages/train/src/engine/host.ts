import type { AdamW } from "../adamw.js";
import type { DataParallelOptions } from "../data-parallel/data-parallel-stepper.js";
import type { Stepper } from "./stepper.js";
import type { TaskParts } from "./task.js";

/**
 * A run's files by name (checkpoint.safetensors, best.safetensors, metrics.jsonl). In Node the
 * engine makes them files in `outDir`; elsewhere pass your own as `files` (memory, IndexedDB).
 */
export interface RunFiles {
  /** Where the file lives, for messages (in Node, its path). */
  locate(name: string): string;
  exists(name: string): Promise<boolean>;
  /** Removes the file if it is there. */
  remove(name: string): Promise<void>;
  /** Replaces the file atomically: a reader sees the old bytes or the new ones, never a torn file. */
  write(name: string, contents: Uint8Array | string): Promise<void>;
  read(name: string): Promise<Uint8Array>;
}

/**
 * What the engine needs of its platform beyond TensorFlow.js: files for `outDir`, the default
 * thread count, and replica threads. `@llmnist/train` in Node (its "node" entry) installs one;
 * a browser runs without: one thread, and files only when given.
 */
export interface EngineHost {
  runFiles(outDir: string): RunFiles;
  defaultThreads(): number;
  createDataParallelStepper(parts: TaskParts, optimizer: AdamW, options: DataParallelOptions): Promise<Stepper>;
  /** A module specifier as a URL another thread can import (see FactorySpec). */
  resolveModuleUrl(specifier: string, parentUrl: string): string;
}

let installed: EngineHost | undefined;

/** Makes `host` the engine's platform (Node's entry does this when loaded). */
export function installEngineHost(host: EngineHost | undefined): void {
  installed = host;
}

/** The installed host, if any. */
export function engineHost(): EngineHost | undefined {
  return installed;
}
