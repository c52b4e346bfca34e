import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { initSeed } from "./init.js";
import { Linear } from "./linear.js";
import { MoEMLP } from "./moe-mlp.js";
import { SwiGLUMLP } from "./swiglu-mlp.js";

/** Halves the mixture's output: a subclass overriding call. */
class HalfMoE extends MoEMLP {
  static override className = "TestHalfMoE";
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(super.call(inputs), 0.5));
  }
}
tf.serialization.registerClass(HalfMoE);

/** Expert 0 twice as wide, all experts with biases: a subclass overriding createExpert. */
class WideFirstExpertMoE extends MoEMLP {
  static override className = "TestWideFirstExpertMoE";
  protected override createExpert(index: number): tfl.layers.Layer {
    const width = index === 0 ? 2 * this.intermediateSize : this.intermediateSize;
    return new SwiGLUMLP({ intermediateSize: width, useBias: true, seed: initSeed(this.seed, 1 + index), name: this.childName(`experts.${index}`) });
  }
}
tf.serialization.registerClass(WideFirstExpertMoE);

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

function modelWith(moe: MoEMLP): tfl.LayersModel {
  const input = tfl.input({ shape: [3, 8] });
  const head = new Linear({ units: 2, name: "head", seed: 2 });
  return tfl.model({ inputs: input, outputs: head.apply(moe.apply(input)) as tfl.SymbolicTensor });
}

describe("MoEMLP serialisation", () => {
  it("names weights like Hugging Face's Qwen2-MoE and counts E(3 d h) + d E parameters", () => {
    const moe = new MoEMLP({ numExperts: 2, intermediateSize: 4, name: "layers.0.mlp" });
    moe.build([null, 3, 8]);
    expect(moe.weights.map((w) => w.originalName)).toEqual([
      "layers.0.mlp.gate.weight",
      "layers.0.mlp.experts.0.gate_proj.weight", "layers.0.mlp.experts.0.up_proj.weight", "layers.0.mlp.experts.0.down_proj.weight",
      "layers.0.mlp.experts.1.gate_proj.weight", "layers.0.mlp.experts.1.up_proj.weight", "layers.0.mlp.experts.1.down_proj.weight",
    ]);
    expect(moe.countParams()).toBe(2 * 3 * 8 * 4 + 8 * 2);
  });

  it("round-trips getConfig through fromConfig", () => {
    const moe = new MoEMLP({ numExperts: 4, topK: 2, intermediateSize: 6, capacityFactor: 1.25, auxLossWeight: 0.02, dispatch: "dense", seed: 9, name: "m" });
    const config = moe.getConfig();
    expect(config).toMatchObject({ numExperts: 4, topK: 2, intermediateSize: 6, capacityFactor: 1.25, auxLossWeight: 0.02, normalizeTopK: true, dispatch: "dense", useBias: false, seed: 9 });
    const copy = MoEMLP.fromConfig(MoEMLP, config) as MoEMLP;
    expect(copy.getConfig()).toEqual(config);
    const defaults = new MoEMLP({ numExperts: 2, intermediateSize: 4 }).getConfig();
    expect(defaults).toMatchObject({ topK: 1, capacityFactor: null, auxLossWeight: 0.01, normalizeTopK: false, dispatch: "sparse", seed: null });
    expect((MoEMLP.fromConfig(MoEMLP, defaults) as MoEMLP).capacityFactor).toBeNull();
  });

  it("saves and loads in a LayersModel with tfjs' own serialisation", async () => {
    const model = modelWith(new MoEMLP({ numExperts: 3, topK: 2, intermediateSize: 6, capacityFactor: 1.5, seed: 1, name: "moe" }));
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 4);
    const loaded = await roundTrip(model);
    expect(loaded.countParams()).toBe(model.countParams());
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    expect(loaded.getLayer("moe")).toBeInstanceOf(MoEMLP);
    expect(loaded.getLayer("moe").getConfig()).toMatchObject({ numExperts: 3, topK: 2, capacityFactor: 1.5, dispatch: "sparse" });
  });

  it.each([
    ["call overridden", () => new HalfMoE({ numExperts: 3, topK: 1, intermediateSize: 6, seed: 1, name: "moe" }), HalfMoE],
    ["an expert replaced", () => new WideFirstExpertMoE({ numExperts: 3, topK: 2, intermediateSize: 6, seed: 1, name: "moe" }), WideFirstExpertMoE],
  ] as const)("a subclass (%s) trains, saves and loads as itself", async (_, make, cls) => {
    const model = modelWith(make());
    model.compile({ optimizer: tf.train.adam(1e-2), loss: "meanSquaredError" });
    const x = tf.randomNormal([6, 3, 8], 0, 1, "float32", 5);
    const y = tf.randomNormal([6, 3, 2], 0, 1, "float32", 6);
    const history = await model.fit(x, y, { epochs: 4, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss[3]!).toBeLessThan(loss[0]!);
    const loaded = await roundTrip(model);
    expect(loaded.getLayer("moe")).toBeInstanceOf(cls);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it("the expert subclass has its own shapes and names", () => {
    const moe = new WideFirstExpertMoE({ numExperts: 2, intermediateSize: 4, name: "moe" });
    moe.build([null, 8]);
    const shapes = Object.fromEntries(moe.weights.map((w) => [w.originalName, w.shape]));
    expect(shapes["moe.experts.0.gate_proj.weight"]).toEqual([8, 8]);
    expect(shapes["moe.experts.1.gate_proj.weight"]).toEqual([8, 4]);
    expect(shapes["moe.experts.1.down_proj.bias"]).toEqual([8]);
  });
});
