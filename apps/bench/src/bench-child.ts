/**
 * Entry of the child process that measures one preset (spawned by bench:train, one per
 * preset, so each preset's peak RSS is its own). Argument: the MeasureOptions as JSON.
 */
import { CHILD_ERROR_PREFIX, formatChildResult } from "./bench-train/child-protocol.js";
import { measurePreset, type MeasureOptions } from "./bench-train/measure.js";

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error("bench-child: expected the measure options as a JSON argument");
  const result = await measurePreset(JSON.parse(arg) as MeasureOptions);
  process.stdout.write(formatChildResult(result) + "\n");
}

main().catch((e: unknown) => {
  // The stack first, the one-line reason last: the parent reports the line starting "bench-child:".
  if (e instanceof Error && e.stack !== undefined) process.stderr.write(e.stack + "\n");
  process.stderr.write(`${CHILD_ERROR_PREFIX}${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
