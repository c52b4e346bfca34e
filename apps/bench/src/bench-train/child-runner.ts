import { fileURLToPath } from "node:url";
import { runProcess, type RunProcess } from "../shared/run-process.js";
import { childFailureReason, parseChildOutput } from "./child-protocol.js";
import type { Measurement, MeasureOptions } from "./measure.js";

/** dist/bench-child.js next to the built module that imports this (tsup puts both in dist/). */
export function defaultChildScript(): string {
  return fileURLToPath(new URL("./bench-child.js", import.meta.url));
}

export interface ChildRunnerOptions {
  run?: RunProcess;
  childScript?: string;
  /** Receives the child's stderr (backend lines, warnings). */
  onStderr?: (chunk: string) => void;
}

/** Measures one preset in a fresh Node process. */
export async function measureInChild(o: MeasureOptions, runner: ChildRunnerOptions = {}): Promise<Measurement> {
  const run = runner.run ?? runProcess;
  const script = runner.childScript ?? defaultChildScript();
  const r = await run(process.execPath, [script, JSON.stringify(o)], runner.onStderr ? { onStderr: runner.onStderr } : {});
  if (r.code !== 0) {
    const how = r.signal !== null ? `killed by ${r.signal}${r.signal === "SIGKILL" ? " (out of memory?)" : ""}` : `exit ${r.code}`;
    throw new Error(`measuring ${o.preset} failed (${how}): ${childFailureReason(r.stderr)}`);
  }
  return parseChildOutput(r.stdout, r.stderr);
}
