import type { EpochRecord, ProgressSink, StepInfo } from "./engine/options.js";

/** "12s", "4m12s", "1h02m"; "?" when unknown (not finite). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Two significant digits with a two-digit exponent, as Python's "%.1e": 3.2e-05. */
export function formatLr(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  const [mant, exp = "0"] = lr.toExponential(1).split("e");
  const e = Number(exp);
  return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** "412 img/s"; "?" before there is a rate. */
export function formatRate(imagesPerSecond: number): string {
  if (!Number.isFinite(imagesPerSecond) || imagesPerSecond <= 0) return "? img/s";
  return `${imagesPerSecond >= 100 ? Math.round(imagesPerSecond) : imagesPerSecond.toFixed(1)} img/s`;
}

/** Throughput from examples processed and seconds spent (0 when no time has passed). */
export function imagesPerSecond(images: number, seconds: number): number {
  return seconds > 0 ? images / seconds : 0;
}

/**
 * Seconds left at the average pace so far: (total - done) * elapsed / doneThisSession.
 * `doneThisSession` counts only steps timed by `elapsedSeconds` (a resumed run does not
 * know how long the earlier steps took). Infinity when nothing has been timed yet.
 */
export function etaSeconds(done: number, total: number, doneThisSession: number, elapsedSeconds: number): number {
  if (done >= total) return 0;
  if (doneThisSession <= 0 || elapsedSeconds <= 0) return Infinity;
  return ((total - done) * elapsedSeconds) / doneThisSession;
}

/** "epoch 1/10 step 120/1875 loss 0.4312 lr 3.2e-05 412 img/s ETA 4m12s" */
export function formatStepLine(s: StepInfo): string {
  return (
    `epoch ${s.epoch}/${s.epochs} step ${s.step}/${s.stepsPerEpoch} loss ${s.loss.toFixed(4)} ` +
    `lr ${formatLr(s.lr)} ${formatRate(s.examplesPerSecond)} ETA ${formatDuration(s.etaSeconds)}`
  );
}

const ENGINE_FIELDS = new Set(["epoch", "steps", "train_loss", "lr", "seconds"]);

/** A metric for people: accuracies (percent) with 2 decimals and "%", counts as integers, the rest with 4 decimals. */
function formatMetric(name: string, value: number): string {
  if (name.endsWith("accuracy")) return `${value.toFixed(2)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** "epoch 1/10 train_loss 0.2345 test_accuracy 98.12% lr 5.0e-04 (1m01s)": the task's metrics after train_loss. */
export function formatEpochLine(e: EpochRecord, epochs: number): string {
  const metrics = Object.entries(e)
    .filter(([k]) => !ENGINE_FIELDS.has(k))
    .map(([k, v]) => ` ${k} ${formatMetric(k, v)}`)
    .join("");
  return `epoch ${e.epoch}/${epochs} train_loss ${e.train_loss.toFixed(4)}${metrics} lr ${formatLr(e.lr)} (${formatDuration(e.seconds)})`;
}

export interface ConsoleProgressOptions {
  /** Default process.stderr (in a browser: console.log, line by line). */
  stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Overrides stream.isTTY: one updating line when true, else a line every `everySteps`. */
  tty?: boolean;
  /** Non-TTY: print every this many steps (and at each epoch's last step); default 100. */
  everySteps?: number;
  /** TTY: redraw at most this often; default 200 ms. */
  minIntervalMs?: number;
  /** Clock for the TTY throttle; default performance.now. */
  now?: () => number;
}

const CLEAR_LINE = "\r\x1b[K";

/** Node's stderr, else a writer that logs whole lines to the console. */
function defaultStream(): { write(s: string): unknown; isTTY?: boolean } {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): unknown; isTTY?: boolean } } }).process?.stderr;
  if (stderr) return stderr;
  let pending = "";
  return {
    write(s: string) {
      pending += s;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) console.log(line);
    },
  };
}

/** The default sink: one updating stderr line on a TTY, else a line every N steps; a line per epoch. */
export function createConsoleProgress(opts: ConsoleProgressOptions = {}): ProgressSink {
  const stream = opts.stream ?? defaultStream();
  const tty = opts.tty ?? stream.isTTY === true;
  const everySteps = opts.everySteps ?? 100;
  if (!Number.isInteger(everySteps) || everySteps < 1) {
    throw new Error(`createConsoleProgress: everySteps must be a positive integer, got ${everySteps}`);
  }
  const minIntervalMs = opts.minIntervalMs ?? 200;
  const now = opts.now ?? (() => performance.now());
  let lastDraw = -Infinity;
  let lineOpen = false;
  const endLine = (): void => {
    if (lineOpen) stream.write(CLEAR_LINE);
    lineOpen = false;
  };
  return {
    onStart(info) {
      if (info.resumedFrom) {
        stream.write(`resuming after ${info.resumedFrom.epoch} epochs and ${info.resumedFrom.step} steps\n`);
      }
    },
    onStep(s) {
      const last = s.step === s.stepsPerEpoch;
      if (tty) {
        const t = now();
        if (!last && t - lastDraw < minIntervalMs) return;
        lastDraw = t;
        stream.write(CLEAR_LINE + formatStepLine(s));
        lineOpen = true;
      } else if (s.step % everySteps === 0 || last) {
        stream.write(formatStepLine(s) + "\n");
      }
    },
    onEpoch(e, epochs) {
      endLine();
      stream.write(formatEpochLine(e, epochs) + "\n");
    },
    onMessage(line) {
      endLine();
      stream.write(line + "\n");
    },
    close() {
      endLine();
    },
  };
}
