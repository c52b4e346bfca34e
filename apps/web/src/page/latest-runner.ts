/**
 * Runs jobs one at a time; a job still waiting when a newer one arrives is skipped (only the
 * latest drawing matters). A running job can ask `isLatest()` to stop early.
 */
export class LatestRunner {
  private tail: Promise<void> = Promise.resolve();
  private latest = 0;

  constructor(private readonly onError: (error: Error) => void) {}

  request(job: (isLatest: () => boolean) => Promise<void> | void): void {
    const ticket = ++this.latest;
    const isLatest = (): boolean => ticket === this.latest;
    this.tail = this.tail.then(async () => {
      if (!isLatest()) return;
      try {
        await job(isLatest);
      } catch (error) {
        this.onError(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Resolves when no job is running or waiting. */
  async settled(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}
