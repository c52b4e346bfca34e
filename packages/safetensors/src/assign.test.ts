import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, describe, expect, it } from "vitest";
import { assignNamedTensors, type TensorSource } from "./assign.js";
import type { RawTensor } from "./raw.js";

/** A float32 safetensors tensor holding `values` (little-endian, as in a file). */
function f32Raw(shape: number[], values: number[]): RawTensor {
  return { dtype: "F32", shape, bytes: new Uint8Array(Float32Array.from(values).buffer) };
}

const made: tf.Tensor[] = [];
/** Named variables with known starting values: a [2, 3] float32, a [2] float32 and an [1] int32. */
function model(): Array<[string, tf.Variable]> {
  const vars: Array<[string, tf.Variable]> = [
    ["w", tf.variable(tf.zeros([2, 3]))],
    ["b", tf.variable(tf.fill([2], 7))],
    ["steps", tf.variable(tf.tensor1d([0], "int32"))],
  ];
  made.push(...vars.map(([, v]) => v));
  return vars;
}
afterEach(() => tf.dispose(made.splice(0)));

const values = (vars: Array<[string, tf.Variable]>) => Object.fromEntries(vars.map(([n, v]) => [n, Array.from(v.dataSync())]));
const untouched = { w: [0, 0, 0, 0, 0, 0], b: [7, 7], steps: [0] };

/** A source that fits `model()`, every value different from the starting ones. */
function fitting(): Map<string, TensorSource> {
  return new Map<string, TensorSource>([
    ["w", { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
    ["b", f32Raw([2], [-1, 0.5])],
    ["steps", tf.tensor1d([42], "int32")],
  ]);
}

describe("assignNamedTensors", () => {
  it("assigns decoded values, safetensors tensors and tf tensors by name", () => {
    const vars = model();
    assignNamedTensors(vars, fitting(), { source: "ok.safetensors" });
    expect(values(vars)).toEqual({ w: [1, 2, 3, 4, 5, 6], b: [-1, 0.5], steps: [42] });
  });

  it("decodes BF16 and F16 file tensors to float32", () => {
    const vars = model();
    const src = fitting();
    src.set("b", { dtype: "BF16", shape: [2], bytes: new Uint8Array([0x80, 0x3f, 0x00, 0xc0]) }); // 1, -2
    src.set("w", { dtype: "F16", shape: [2, 3], bytes: new Uint8Array(new Uint16Array([0x3c00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600]).buffer) });
    assignNamedTensors(vars, src, { source: "half.safetensors" });
    expect(values(vars)).toEqual({ w: [1, 2, 3, 4, 5, 6], b: [1, -2], steps: [42] });
  });

  it("lists every missing and unknown name and every shape and dtype mismatch in one error, assigning nothing", () => {
    const vars = model();
    const src = new Map<string, TensorSource>([
      ["w", { shape: [3, 2], data: new Float32Array(6) }],
      ["steps", { dtype: "F32", shape: [1], bytes: new Uint8Array(4) }],
      ["extra.a", tf.zeros([1])],
      ["extra.b", tf.zeros([1])],
    ]);
    let message = "";
    try {
      assignNamedTensors(vars, src, { source: "bad.safetensors", target: "the test model" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "bad.safetensors: does not match the test model: missing 1: b; unknown 2: extra.a, extra.b; " +
        "tensor w: expected shape [2, 3], got [3, 2]; tensor steps: expected dtype int32, got float32 (F32)",
    );
    expect(values(vars)).toEqual(untouched);
  });

  it("names data whose length does not fit its shape", () => {
    const vars = model();
    const src = fitting();
    src.set("w", { shape: [2, 3], data: new Float32Array(5) });
    expect(() => assignNamedTensors(vars, src, { source: "short.bin" })).toThrow("short.bin: does not match the model: tensor w: shape [2, 3] needs 6 values, data has 5");
    expect(values(vars)).toEqual(untouched);
  });

  it("refuses NaN and infinities, naming each tensor and its first bad index, and assigns nothing", () => {
    const vars = model();
    const src = fitting();
    src.set("w", { shape: [2, 3], data: Float32Array.from([1, 2, NaN, 4, Infinity, 6]) });
    src.set("b", f32Raw([2], [0, -Infinity]));
    expect(() => assignNamedTensors(vars, src, { source: "nan.safetensors" })).toThrow(
      "nan.safetensors: refusing weights that are not finite: tensor w holds NaN at index 2 (shape [2, 3]); tensor b holds -Infinity at index 1 (shape [2])",
    );
    expect(values(vars)).toEqual(untouched);
  });

  it("refuses a non-finite tf.Tensor source too", () => {
    const vars = model();
    const src = fitting();
    src.set("b", tf.tensor1d([Infinity, 0]));
    expect(() => assignNamedTensors(vars, src, { source: "t" })).toThrow("t: refusing weights that are not finite: tensor b holds Infinity at index 0 (shape [2])");
    expect(values(vars)).toEqual(untouched);
  });

  it("allows unused tensors when told: all of them, or those a test accepts", () => {
    const src = fitting();
    src.set("adamw.m.w", tf.zeros([2, 3]));
    src.set("other", tf.zeros([1]));
    expect(() => assignNamedTensors(model(), src, { source: "ckpt", allowUnused: (n) => n.startsWith("adamw.") })).toThrow(
      "ckpt: does not match the model: unknown 1: other",
    );
    const vars = model();
    assignNamedTensors(vars, src, { source: "ckpt", allowUnused: true });
    expect(values(vars).steps).toEqual([42]);
  });

  it("with a prefix, matches only the names under it, without it", () => {
    const src = new Map<string, TensorSource>();
    for (const [name, value] of fitting()) src.set(`student.${name}`, value);
    src.set("teacher.w", tf.zeros([9]));
    const vars = model();
    assignNamedTensors(vars, src, { source: "both.safetensors", prefix: "student." });
    expect(values(vars)).toEqual({ w: [1, 2, 3, 4, 5, 6], b: [-1, 0.5], steps: [42] });
    src.delete("student.b");
    expect(() => assignNamedTensors(model(), src, { source: "both.safetensors", prefix: "student." })).toThrow(
      "both.safetensors: does not match the model: missing 1: student.b",
    );
  });

  it("checks the stored layout's shape and converts to the variable's layout only when all is well", () => {
    const transposed = { storedShape: (name: string, v: tf.Variable) => (name === "w" ? [...v.shape].reverse() : v.shape), toVariableLayout: (name: string, t: tf.Tensor) => (name === "w" ? tf.transpose(t) : t) };
    const src = fitting();
    src.set("w", { shape: [3, 2], data: Float32Array.from([1, 4, 2, 5, 3, 6]) }); // [out, in] of [[1, 2, 3], [4, 5, 6]]
    const vars = model();
    assignNamedTensors(vars, src, { source: "torch.safetensors", ...transposed });
    expect(values(vars).w).toEqual([1, 2, 3, 4, 5, 6]);
    src.set("w", { shape: [2, 3], data: new Float32Array(6) });
    expect(() => assignNamedTensors(model(), src, { source: "torch.safetensors", ...transposed })).toThrow("tensor w: expected shape [3, 2], got [2, 3]");
  });

  it("frees what it creates and leaves the caller's tensors alive", () => {
    const vars = model();
    const src = fitting();
    const before = tf.memory().numTensors;
    assignNamedTensors(vars, src, { source: "mem", toVariableLayout: (_, t) => tf.tidy(() => tf.clone(tf.add(t, tf.zerosLike(t)))) });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from((src.get("steps") as tf.Tensor).dataSync())).toEqual([42]);
    tf.dispose(src.get("steps") as tf.Tensor);
  });

  it("says so when toVariableLayout returns the wrong shape or dtype (a bug in the caller)", () => {
    expect(() => assignNamedTensors(model(), fitting(), { source: "m.bin", toVariableLayout: (_, t) => tf.cast(t, "float32") })).toThrow(
      "assignNamedTensors: toVariableLayout turned m.bin's steps into float32 [1], the variable is int32 [1]",
    );
  });

  it("refuses a name given twice", () => {
    const pairs: Array<[string, TensorSource]> = [...fitting(), ["b", f32Raw([2], [1, 1])]];
    expect(() => assignNamedTensors(model(), pairs, { source: "dup" })).toThrow("dup: tensor b is given twice");
  });
});
