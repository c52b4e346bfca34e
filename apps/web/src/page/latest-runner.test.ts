import { describe, expect, it } from "vitest";
import { LatestRunner } from "./latest-runner.js";

describe("LatestRunner", () => {
  it("runs the running job and the latest request, skipping those in between", async () => {
    const ran: number[] = [];
    const runner = new LatestRunner((error) => {
      throw error;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    runner.request(async () => {
      await gate;
      ran.push(1);
    });
    await Promise.resolve(); // job 1 starts
    runner.request(() => void ran.push(2));
    runner.request(() => void ran.push(3));
    release();
    await runner.settled();
    expect(ran).toEqual([1, 3]);
  });

  it("tells a running job when a newer request came, and reports a failing job's error", async () => {
    const errors: string[] = [];
    const runner = new LatestRunner((error) => errors.push(error.message));
    let stillLatest: boolean | undefined;
    runner.request(async (isLatest) => {
      await Promise.resolve();
      runner.request(() => {
        throw new Error("job 2 failed");
      });
      stillLatest = isLatest();
    });
    await runner.settled();
    expect(stillLatest).toBe(false);
    expect(errors).toEqual(["job 2 failed"]);
  });
});
