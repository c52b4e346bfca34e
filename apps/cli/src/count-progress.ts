/** A stream the progress line writes to (process.stderr by default). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * "evaluating 3000/10000 images (812 img/s)": one redrawn line on a terminal, a plain line per
 * update otherwise (logs, child processes). `done()` ends the line.
 */
export function createCountProgress(label: string, total: number, stream: ProgressStream = process.stderr) {
  const start = performance.now();
  const tty = stream.isTTY === true;
  return {
    update(count: number): void {
      const seconds = (performance.now() - start) / 1000;
      const rate = seconds > 0 ? ` (${Math.round(count / seconds)} img/s)` : "";
      const line = `${label} ${count}/${total} images${rate}`;
      stream.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    done(): void {
      if (tty) stream.write("\r\x1b[K");
    },
  };
}
