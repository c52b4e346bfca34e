import { shuffledIndices } from "@llmnist/mnist-data";
import { paperSchedule, selectBackend, trainClassifier } from "@llmnist/train/node";
import { lossByName, lossFactory } from "@llmnist/cpo-loss";
import { createVisionTransformer, vitFactory } from "@llmnist/vit";
import { beforeAll, describe, expect, it } from "vitest";
import { randomSplit } from "./random-split.js";
import { createTrainStepper } from "./train-step.js";

beforeAll(async () => {
  await selectBackend({ prefer: "wasm" });
});

describe("createTrainStepper", () => {
  it("changes the weights exactly as trainClassifier does (same batches, same lr)", async () => {
    const train = randomSplit(64, 3);
    const test = randomSplit(10, 4);
    const seed = 7;
    const viaTrainer = createVisionTransformer("0.21M", { seed: 1 });
    await trainClassifier({ model: viaTrainer, loss: lossByName("cpo"), train, test, epochs: 1, batchSize: 32, seed });

    const viaBench = createVisionTransformer("0.21M", { seed: 1 });
    const stepper = await createTrainStepper(viaBench, lossByName("cpo"), train);
    const order = shuffledIndices(train.count, seed, 0);
    const lrAt = paperSchedule(2, 1, 1e-3, 1);
    for (let s = 0; s < 2; s++) await stepper.step(order.subarray(s * 32, (s + 1) * 32), lrAt(s));
    await stepper.dispose();

    const trained = viaTrainer.namedParameters();
    const ours = new Map(viaBench.namedParameters());
    const fresh = new Map(createVisionTransformer("0.21M", { seed: 1 }).namedParameters());
    let moved = 0;
    for (const [name, v] of trained) {
      const a = v.dataSync();
      const b = ours.get(name)!.dataSync();
      expect(Array.from(b), name).toEqual(Array.from(a));
      if (Array.from(a).some((x, i) => x !== fresh.get(name)!.dataSync()[i])) moved++;
    }
    expect(moved).toBe(trained.length); // every parameter was updated (AdamW decay touches all)
  });

  it("lowers the loss on a repeated batch", async () => {
    const data = randomSplit(32, 5);
    const model = createVisionTransformer("0.21M", { seed: 2 });
    const stepper = await createTrainStepper(model, lossByName("ce"), data);
    const indices = new Uint32Array(32).map((_, k) => k);
    const losses: number[] = [];
    for (let s = 0; s < 6; s++) losses.push(await stepper.step(indices, 1e-3));
    await stepper.dispose();
    expect(losses[5]!).toBeLessThan(losses[0]!);
  });

  it("data-parallel on two threads follows the one-thread loss curve of the ViT (wasm kernels in both)", async () => {
    const data = randomSplit(96, 6);
    const curve = async (threads: number): Promise<number[]> => {
      const model = createVisionTransformer("0.21M", { seed: 3 });
      const stepper = await createTrainStepper(model, lossByName("cpo"), data, data, {
        threads,
        replica: { model: vitFactory("0.21M"), loss: lossFactory("cpo") },
        backend: "wasm",
        batchSize: 32,
      });
      expect(stepper.threads).toBe(threads);
      const losses: number[] = [];
      for (let s = 0; s < 12; s++) losses.push(await stepper.step(new Uint32Array(32).map((_, k) => ((s % 3) * 32 + k) % data.count), 1e-3));
      await stepper.dispose();
      model.disposeWeights();
      return losses;
    };
    const one = await curve(1);
    const two = await curve(2);
    expect(one[11]!).toBeLessThan(one[0]!); // it learns, so the curves compared are not flat
    two.forEach((l, i) => expect(Math.abs(l - one[i]!), `step ${i}`).toBeLessThan(1e-4 * Math.max(1, one[i]!)));
  }, 120_000);
});
