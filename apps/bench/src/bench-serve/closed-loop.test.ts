import { describe, expect, it } from "vitest";
import { runClosedLoop } from "./closed-loop.js";

describe("runClosedLoop", () => {
  it("keeps at most `concurrency` requests in flight and sends each index once", async () => {
    let inFlight = 0;
    let most = 0;
    const sent: number[] = [];
    const { results, seconds } = await runClosedLoop(10, 3, async (i) => {
      sent.push(i);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      inFlight--;
      return i * 2;
    });
    expect(most).toBe(3);
    expect([...sent].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.map((r) => r.value)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(results.every((r) => r.ms >= 0)).toBe(true);
    expect(seconds).toBeGreaterThan(0);
  });

  it("times each request and the whole run with the given clock", async () => {
    let t = 0;
    const clock = (): number => t;
    const { results, seconds } = await runClosedLoop(
      2,
      1,
      async () => {
        t += 250;
        return "ok";
      },
      clock,
    );
    expect(results.map((r) => r.ms)).toEqual([250, 250]);
    expect(seconds).toBe(0.5);
  });

  it("starts no more workers than requests", async () => {
    const { results } = await runClosedLoop(1, 64, async () => 1);
    expect(results).toHaveLength(1);
  });
});
