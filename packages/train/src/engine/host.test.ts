import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { engineHost, type RunFiles } from "./host.js";
import type { TrainOptions } from "./options.js";
import type { TaskParts } from "./task.js";
import { train } from "./train.js";
// @ts-expect-error plain JS fixture without types
import { regressionData, regressionParts } from "./regression-task.fixture.mjs";

// This file never imports node-host.ts: the engine runs as in a browser bundle.

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const COUNT = 60;
const data = regressionData(COUNT);
const parts = (): TaskParts => regressionParts(data) as TaskParts;
const values = (p: TaskParts): number[][] => p.parameters.map(([, v]) => Array.from(v.dataSync()));

function options(p: TaskParts, extra: Partial<TrainOptions> = {}): TrainOptions {
  return { ...p, examples: COUNT, epochs: 3, batchSize: 8, seed: 5, peakLr: 0.1, warmupSteps: 3, weightDecay: 0, progress: false, ...extra };
}

/** Files in a Map, as a page might keep them (or put them in IndexedDB). */
function memoryFiles(): RunFiles & { store: Map<string, Uint8Array | string>; writes: string[] } {
  const store = new Map<string, Uint8Array | string>();
  const writes: string[] = [];
  return {
    store,
    writes,
    locate: (name) => `memory:${name}`,
    exists: async (name) => store.has(name),
    remove: async (name) => void store.delete(name),
    write: async (name, contents) => {
      writes.push(name);
      store.set(name, typeof contents === "string" ? contents : contents.slice());
    },
    read: async (name) => {
      const contents = store.get(name);
      if (contents === undefined) throw new Error(`memory:${name}: no such file`);
      return typeof contents === "string" ? new TextEncoder().encode(contents) : contents;
    },
  };
}

describe("the engine without a platform host (as in a browser)", () => {
  it("has no host here, trains on one thread and keeps no files unless given", async () => {
    expect(engineHost()).toBeUndefined();
    const result = await train(options(parts()));
    expect(result.completed).toBe(true);
    expect(result.threads).toBe(1);
  });

  it("keeps a run in the RunFiles it is given: checkpoint, best weights and metrics; maxSteps then resume gives an unbroken run's weights", async () => {
    const unbroken = parts();
    await train(options(unbroken));
    const files = memoryFiles();
    const broken = parts();
    const first = await train(options(broken, { files, maxSteps: 10 }));
    expect(first.completed).toBe(false);
    expect([...files.store.keys()].sort()).toEqual(["best.safetensors", "checkpoint.safetensors", "metrics.jsonl"]);
    const resumed = parts();
    const second = await train(options(resumed, { files, resume: true }));
    expect(second.completed).toBe(true);
    expect(second.resumedFrom).toEqual({ epoch: 1, step: 2 }); // 8 steps per epoch: 10 = 8 + 2
    expect(values(resumed)).toEqual(values(unbroken));
    expect(String(files.store.get("metrics.jsonl")).trimEnd().split("\n")).toHaveLength(3);
  });

  it("says what is missing for outDir and for two threads", async () => {
    await expect(train(options(parts(), { outDir: "/tmp/nowhere" }))).rejects.toThrow("train: outDir needs a file system (Node's @llmnist/train); here pass files (a RunFiles) or neither");
    await expect(train(options(parts(), { files: memoryFiles(), outDir: "/tmp/x" }))).rejects.toThrow("train: give outDir or files, not both");
    const replica = { module: "file:///nowhere.mjs", exportName: "x" };
    await expect(train(options(parts(), { threads: 2, replica }))).rejects.toThrow("train: threads 2 needs replica threads, which only Node's @llmnist/train provides; use threads: 1 here");
  });
});
