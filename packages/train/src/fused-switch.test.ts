import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { withFusedKernels } from "./fused-switch.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("withFusedKernels", () => {
  it("runs f with the fused ops off and unsets LLMNIST_FUSED afterwards", () => {
    expect(withFusedKernels(false, () => process.env.LLMNIST_FUSED)).toBe("0");
    expect(process.env.LLMNIST_FUSED).toBeUndefined();
  });

  it("throws without calling f when the fused ops cannot be switched on (not wasm)", () => {
    let called = false;
    expect(() => withFusedKernels(true, () => (called = true))).toThrow(/fused kernels are not active/);
    expect(called).toBe(false);
    expect(process.env.LLMNIST_FUSED).toBeUndefined();
  });
});
