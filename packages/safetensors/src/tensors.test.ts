import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { parseSafetensors } from "./parse.js";
import { serializeSafetensors } from "./serialize.js";
import { rawToTensor, tensorsToSafetensors } from "./tensors.js";

describe("rawToTensor", () => {
  it("decodes floats to float32 and ints to int32", () => {
    const f16 = rawToTensor({ dtype: "F16", shape: [2, 1], bytes: new Uint8Array([0x00, 0x3c, 0x00, 0xc0]) });
    expect(f16.dtype).toBe("float32");
    expect(f16.shape).toEqual([2, 1]);
    expect(f16.arraySync()).toEqual([[1], [-2]]);

    const f64 = rawToTensor({ dtype: "F64", shape: [1], bytes: new Uint8Array([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]) });
    expect(f64.arraySync()).toEqual([1]);

    const i64 = rawToTensor({ dtype: "I64", shape: [2], bytes: new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) });
    expect(i64.dtype).toBe("int32");
    expect(i64.arraySync()).toEqual([5, -2]);

    const i8 = rawToTensor({ dtype: "I8", shape: [2], bytes: new Uint8Array([0x80, 0x7f]) });
    expect(i8.arraySync()).toEqual([-128, 127]);
    const b = rawToTensor({ dtype: "BOOL", shape: [2], bytes: new Uint8Array([0, 1]) });
    expect(b.dtype).toBe("int32");
    expect(b.arraySync()).toEqual([0, 1]);
  });

  it("refuses I64 values that do not fit in int32", () => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, 2n ** 40n, true);
    expect(() => rawToTensor({ dtype: "I64", shape: [1], bytes })).toThrow(
      "rawToTensor: I64 element 0 = 1099511627776 does not fit in int32",
    );
  });

  it("checks the payload length", () => {
    expect(() => rawToTensor({ dtype: "F32", shape: [2], bytes: new Uint8Array(4) })).toThrow(
      "RawTensor F32[2]: expected 8 bytes, got 4",
    );
  });
});

describe("tensorsToSafetensors", () => {
  it("round-trips tf tensors through bytes", () => {
    const w = tf.tensor2d([[1, 2.5], [-3, 0.1]]);
    const idx = tf.tensor1d([3, -4], "int32");
    const named = tensorsToSafetensors(new Map<string, tf.Tensor>([["w", w], ["idx", idx]]));
    expect(named.w?.dtype).toBe("F32");
    expect(named.idx?.dtype).toBe("I32");
    const file = parseSafetensors(serializeSafetensors(named), "mem");
    const w2 = rawToTensor(file.tensors.get("w")!);
    expect(w2.shape).toEqual([2, 2]);
    expect(Array.from(w2.dataSync())).toEqual(Array.from(new Float32Array([1, 2.5, -3, 0.1])));
    expect(rawToTensor(file.tensors.get("idx")!).arraySync()).toEqual([3, -4]);
  });

  it("stores float tensors as BF16 / F16 on request", () => {
    const named = tensorsToSafetensors([["x", tf.tensor1d([1, 1 + 2 ** -8])]], "BF16");
    const bytes = serializeSafetensors(named);
    const file = parseSafetensors(bytes, "mem");
    const x = file.tensors.get("x")!;
    expect(x.dtype).toBe("BF16");
    expect(Array.from(x.bytes)).toEqual([0x80, 0x3f, 0x80, 0x3f]); // both 1.0 (tie to even)
  });

  it("copies the data so later changes do not leak in", () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const named = tensorsToSafetensors([["v", v]]);
    v.assign(tf.tensor1d([9, 9]));
    expect(Array.from(named.v!.data)).toEqual([1, 2]);
  });

  it("rejects duplicate names and unsupported dtypes", () => {
    const t = tf.scalar(1);
    expect(() => tensorsToSafetensors([["a", t], ["a", t]])).toThrow('duplicate tensor name "a"');
    expect(() => tensorsToSafetensors([["c", tf.complex([1], [2])]])).toThrow(
      'tensor "c" has dtype complex64; expected float32, int32 or bool',
    );
  });
});
