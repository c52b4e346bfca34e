export interface BatcherOptions {
  /** Most items one run gets. */
  maxBatch: number;
  /** How long the first queued item waits for company before its batch runs anyway. */
  maxWaitMs: number;
}

/** What a batcher has done so far (the /health counters). */
export interface BatcherStats {
  /** Runs so far. */
  batches: number;
  /** Items they processed. */
  items: number;
  /** The largest run. */
  maxBatchSeen: number;
}

/**
 * Processes the items of a batch: one result per item, in order. An Error in place of a result
 * fails that item alone; throwing fails the whole batch. (So results themselves are never Errors.)
 */
export type BatchRunner<I, O> = (items: I[]) => Promise<Array<O | Error>> | Array<O | Error>;

interface Entry<I, O> {
  item: I;
  queuedAt: number;
  signal: AbortSignal | undefined;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Dynamic batching: `submit` queues an item; a batch runs when `maxBatch` items are waiting or
 * when the oldest has waited `maxWaitMs`, whichever is first. One batch runs at a time (the
 * model is one), and what queues meanwhile forms the next batch, so under load batches grow
 * by themselves. An item whose signal aborts is rejected with the signal's reason at once and,
 * when its batch has not started, dropped.
 */
export class Batcher<I, O> {
  private readonly queue: Array<Entry<I, O>> = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly counters: BatcherStats = { batches: 0, items: 0, maxBatchSeen: 0 };

  constructor(
    private readonly runner: BatchRunner<I, O>,
    private readonly options: BatcherOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new Error(`Batcher: maxBatch must be an integer >= 1, got ${options.maxBatch}`);
    if (!(options.maxWaitMs >= 0)) throw new Error(`Batcher: maxWaitMs must be >= 0, got ${options.maxWaitMs}`);
  }

  /** The item's result, once its batch has run. Rejects with the signal's reason when it aborts first. */
  submit(item: I, signal?: AbortSignal): Promise<O> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<O>((resolve, reject) => {
      const entry: Entry<I, O> = { item, queuedAt: performance.now(), signal, resolve, reject };
      this.queue.push(entry);
      signal?.addEventListener("abort", () => this.drop(entry), { once: true });
      this.schedule();
    });
  }

  get stats(): BatcherStats {
    return { ...this.counters };
  }

  /** Items waiting (not yet in a running batch). */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** An aborted item's promise rejects at once; a queued one also leaves the queue (a running one's result is then ignored). */
  private drop(entry: Entry<I, O>): void {
    entry.reject(entry.signal!.reason);
    const at = this.queue.indexOf(entry);
    if (at < 0) return;
    this.queue.splice(at, 1);
    if (this.queue.length === 0) this.clearTimer();
    this.notifyIdle();
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.queue.length >= this.options.maxBatch) {
      this.clearTimer();
      void this.runBatch();
    } else if (this.timer === null) {
      // Even an overdue batch starts from a timer, so requests already read join it.
      const waited = performance.now() - this.queue[0]!.queuedAt;
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.running && this.queue.length > 0) void this.runBatch();
      }, Math.max(0, this.options.maxWaitMs - waited));
    }
  }

  private async runBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.running = true;
    this.counters.batches++;
    this.counters.items += batch.length;
    this.counters.maxBatchSeen = Math.max(this.counters.maxBatchSeen, batch.length);
    try {
      const results = await this.runner(batch.map((e) => e.item));
      if (results.length !== batch.length) throw new Error(`Batcher: the runner returned ${results.length} results for ${batch.length} items`);
      batch.forEach((entry, i) => {
        const result = results[i]!;
        if (result instanceof Error) entry.reject(result);
        else entry.resolve(result);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.running = false;
      this.schedule();
      this.notifyIdle();
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private notifyIdle(): void {
    if (this.running || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const done of waiters) done();
  }
}
