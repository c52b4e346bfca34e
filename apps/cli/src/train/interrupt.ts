/**
 * Ctrl-C (SIGINT) or SIGTERM asks training to stop: the first signal aborts the controller,
 * so the trainer writes a checkpoint at the next step and the command exits 130; a second
 * signal exits at once. `release()` restores the default handling.
 */
export function abortOnSignals(
  log: (line: string) => void = (l) => process.stderr.write(l + "\n"),
  stopping = "stopping after this step and writing a checkpoint",
): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting at once`);
      process.exit(130);
    }
    log(`\n${signal}: ${stopping} (again to quit at once)`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    release(): void {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
