import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { AdamW } from "./adamw.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * Reference torch.optim.AdamW step written out by hand in float64, independent of the
 * implementation: decay, moments, bias corrections, update.
 */
function referenceSteps(
  p0: number[],
  grads: number[][],
  o: { lr: number; b1: number; b2: number; eps: number; wd: number },
): number[] {
  const p = [...p0];
  const m = p0.map(() => 0);
  const v = p0.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! - o.lr * o.wd * p[i]!;
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g[i]! * g[i]!;
      const mhat = m[i]! / (1 - o.b1 ** t);
      const vhat = v[i]! / (1 - o.b2 ** t);
      p[i] = p[i]! - (o.lr * mhat) / (Math.sqrt(vhat) + o.eps);
    }
  });
  return p;
}

const hyper = { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.5 };
const p0 = [0.5, -1.0, 2.0, 0.25];
const g1 = [0.1, -0.2, 0.3, 0.0];
const g2 = [-0.05, 0.4, 0.0, 1e-3];

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tol);
}

function makeOpt(): AdamW {
  return new AdamW({ betas: [hyper.b1, hyper.b2], eps: hyper.eps, weightDecay: hyper.wd });
}

describe("AdamW", () => {
  it("uses PyTorch's defaults", () => {
    const o = new AdamW();
    expect([o.lr, o.beta1, o.beta2, o.eps, o.weightDecay]).toEqual([1e-3, 0.9, 0.999, 1e-8, 0.01]);
    expect(o.step).toBe(0);
  });

  it("matches the hand-written formula after one step", () => {
    const p = tf.variable(tf.tensor1d(p0));
    const opt = makeOpt();
    tf.tidy(() => opt.applyGradients([["w", p]], { w: tf.tensor1d(g1) }, hyper.lr));
    expect(opt.step).toBe(1);
    const expected = referenceSteps(p0, [g1], hyper);
    // Sanity check of the reference itself for the first element: decay then a step of ~lr.
    // mhat = 0.1 * 0.1 / (1 - 0.9) = 0.1, vhat = 0.001 * 0.01 / (1 - 0.999) = 0.01, so ~lr = 0.1.
    expect(expected[0]).toBeCloseTo(0.5 * (1 - 0.05) - 0.1 * (0.1 / (Math.sqrt(0.01) + 1e-8)), 12);
    expectClose(p.dataSync(), expected);
    opt.dispose();
    p.dispose();
  });

  it("matches the hand-written formula after two steps (bias corrections of step 2)", () => {
    const w = tf.variable(tf.tensor1d(p0));
    const b = tf.variable(tf.tensor2d([[1.5, -0.5]]));
    const opt = makeOpt();
    const params: Array<[string, tf.Variable]> = [
      ["w", w],
      ["b", b],
    ];
    tf.tidy(() => {
      opt.applyGradients(params, new Map<string, tf.Tensor>([["w", tf.tensor1d(g1)], ["b", tf.tensor2d([[0.2, 0.3]])]]), hyper.lr);
      opt.applyGradients(params, new Map<string, tf.Tensor>([["w", tf.tensor1d(g2)], ["b", tf.tensor2d([[-0.1, 0.3]])]]), 0.05);
    });
    expect(opt.step).toBe(2);
    // Two lrs: run the reference step by step with each lr, carrying m and v: emulate by
    // a generalised reference that takes lr per step.
    const ref = (x0: number[], gs: number[][], lrs: number[]): number[] => {
      const x = [...x0];
      const m = x0.map(() => 0);
      const v = x0.map(() => 0);
      gs.forEach((g, k) => {
        const t = k + 1;
        const lr = lrs[k]!;
        for (let i = 0; i < x.length; i++) {
          x[i] = x[i]! * (1 - lr * hyper.wd);
          m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
          x[i] = x[i]! - (lr * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
        }
      });
      return x;
    };
    expectClose(w.dataSync(), ref(p0, [g1, g2], [0.1, 0.05]));
    expectClose(b.dataSync(), ref([1.5, -0.5], [[0.2, 0.3], [-0.1, 0.3]], [0.1, 0.05]));
    // Same lr twice agrees with the simple reference too.
    const w2 = tf.variable(tf.tensor1d(p0));
    const opt2 = makeOpt();
    tf.tidy(() => {
      opt2.applyGradients([["w", w2]], { w: tf.tensor1d(g1) }, hyper.lr);
      opt2.applyGradients([["w", w2]], { w: tf.tensor1d(g2) }, hyper.lr);
    });
    expectClose(w2.dataSync(), referenceSteps(p0, [g1, g2], hyper));
    for (const t of [w, b, w2]) t.dispose();
    opt.dispose();
    opt2.dispose();
  });

  it("decays parameters whose gradient is zero", () => {
    const p = tf.variable(tf.tensor1d([2, -4]));
    const opt = makeOpt();
    tf.tidy(() => opt.applyGradients([["p", p]], { p: tf.zeros([2]) }, 0.1));
    // m = v = 0, so the Adam step is 0 / (0 + eps) = 0: only p * (1 - lr * wd) = p * 0.95 remains.
    expectClose(p.dataSync(), [1.9, -3.8], 1e-6);
    opt.dispose();
    p.dispose();
  });

  it("skips parameters without a gradient (like grad=None in PyTorch)", () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([3, 4]));
    const opt = makeOpt();
    tf.tidy(() =>
      opt.applyGradients(
        [
          ["a", a],
          ["b", b],
        ],
        { a: tf.tensor1d([0.5, 0.5]) },
        0.1,
      ),
    );
    expectClose(b.dataSync(), [3, 4], 0);
    expect(a.dataSync()[0]).not.toBe(1);
    expect(opt.stateTensors().map(([n]) => n)).toEqual(["adamw.m.a", "adamw.v.a"]);
    opt.dispose();
    a.dispose();
    b.dispose();
  });

  it("round-trips its state: a restored optimizer continues exactly like the original", () => {
    const p = tf.variable(tf.tensor1d(p0));
    const opt = makeOpt();
    tf.tidy(() => opt.applyGradients([["w", p]], { w: tf.tensor1d(g1) }, 0.1));
    const saved = new Map(opt.stateTensors().map(([n, t]) => [n, t.clone()] as [string, tf.Tensor]));
    expect([...saved.keys()]).toEqual(["adamw.m.w", "adamw.v.w"]);
    // m after one step = (1 - b1) g = 0.1 g.
    expectClose(saved.get("adamw.m.w")!.dataSync(), g1.map((g) => 0.1 * g), 1e-8);
    const pCopy = tf.variable(p.clone());
    const restored = makeOpt();
    restored.loadState(opt.step, saved);
    tf.tidy(() => {
      opt.applyGradients([["w", p]], { w: tf.tensor1d(g2) }, 0.1);
      restored.applyGradients([["w", pCopy]], { w: tf.tensor1d(g2) }, 0.1);
    });
    expect(restored.step).toBe(2);
    expect(Array.from(pCopy.dataSync())).toEqual(Array.from(p.dataSync()));
    for (const t of saved.values()) t.dispose();
    for (const t of [p, pCopy]) t.dispose();
    opt.dispose();
    restored.dispose();
  });

  it("keeps the tensor count constant across steps and frees its moments on dispose", () => {
    const p = tf.variable(tf.randomNormal([8, 4], 0, 1, "float32", 1));
    const before = tf.memory().numTensors;
    const opt = new AdamW();
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      tf.tidy(() => opt.applyGradients([["p", p]], { p: tf.onesLike(p) }, 1e-3));
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual([before + 2, before + 2, before + 2, before + 2]);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    p.dispose();
  });

  it("rejects bad input with messages that name the problem", () => {
    const p = tf.variable(tf.tensor1d([1, 2]));
    const opt = new AdamW();
    expect(() => opt.applyGradients([["p", p]], { p: tf.tensor1d([1, 2, 3]) }, 0.1)).toThrow(
      /gradient for "p" has shape \[3\], expected the parameter's \[2\]/,
    );
    expect(opt.step).toBe(0);
    expect(() => opt.applyGradients([["p", p]], { p: tf.tensor1d([1, 2]) }, NaN)).toThrow(/lr must be a finite number/);
    expect(() => new AdamW({ betas: [1, 0.999] })).toThrow(/betas\[0\] must be in \[0, 1\), got 1/);
    expect(() => new AdamW({ weightDecay: -1 })).toThrow(/weightDecay/);
    expect(() => opt.loadState(3, new Map([["adamw.m.p", tf.tensor1d([0, 0])]]))).toThrow(/has adamw.m but no adamw.v/);
    opt.dispose();
    p.dispose();
  });
});
