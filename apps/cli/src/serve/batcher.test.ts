import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("Batcher", () => {
  it("runs items submitted together as one batch, results in order", async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>((items) => (runs.push(items), items.map((x) => x * 10)), { maxBatch: 8, maxWaitMs: 20 });
    expect(await Promise.all([1, 2, 3].map((x) => batcher.submit(x)))).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(batcher.stats).toEqual({ batches: 1, items: 3, maxBatchSeen: 3 });
  });

  it("starts a full batch at once and splits at maxBatch", async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>((items) => (runs.push(items), items), { maxBatch: 2, maxWaitMs: 10_000 });
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map((x) => batcher.submit(x)));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(runs).toEqual([[1, 2], [3, 4]]);
  });

  it("a lone item runs after maxWaitMs", async () => {
    const batcher = new Batcher<number, number>((items) => items, { maxBatch: 64, maxWaitMs: 30 });
    const started = performance.now();
    expect(await batcher.submit(5)).toBe(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("items queued while a batch runs form the next batch", async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => (runs.push(items), await sleep(30), items), { maxBatch: 64, maxWaitMs: 0 });
    const first = batcher.submit(0);
    await sleep(5);
    await Promise.all([first, ...[1, 2, 3].map((x) => batcher.submit(x))]);
    expect(runs).toEqual([[0], [1, 2, 3]]);
  });

  it("an Error result fails its item only; a throwing runner fails the batch; later batches still run", async () => {
    let fail = false;
    const batcher = new Batcher<number, number>((items) => {
      if (fail) throw new Error("model broke");
      return items.map((x) => (x < 0 ? new Error(`bad ${x}`) : x));
    }, { maxBatch: 8, maxWaitMs: 5 });
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(-1)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    fail = true;
    await expect(batcher.submit(2)).rejects.toThrow("model broke");
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });

  it("an aborted item is rejected with the signal's reason and left out of its batch", async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>((items) => (runs.push(items), items), { maxBatch: 8, maxWaitMs: 40 });
    const controller = new AbortController();
    const dropped = batcher.submit(1, controller.signal);
    const kept = batcher.submit(2);
    controller.abort(new Error("timed out"));
    await expect(dropped).rejects.toThrow("timed out");
    expect(await kept).toBe(2);
    expect(runs).toEqual([[2]]);
    await batcher.idle();
  });

  it("idle() waits for queued and running batches", async () => {
    let done = 0;
    const batcher = new Batcher<number, number>(async (items) => (await sleep(20), (done += items.length), items), { maxBatch: 8, maxWaitMs: 5 });
    void batcher.submit(1);
    void batcher.submit(2);
    await batcher.idle();
    expect(done).toBe(2);
  });
});
