import { describe, expect, it } from "vitest";
import { toFloat32 } from "./convert.js";
import { parseSafetensors } from "./parse.js";
import { serializeSafetensors } from "./serialize.js";

const SPECIAL = [0, -0, 1, -1, 0.5, 65504, -65504, 2 ** -14, 2 ** -24, -(2 ** -24), Infinity, -Infinity, NaN];

function same(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    // Object.is tells -0 from 0 and matches NaN with NaN.
    expect(Object.is(a[i], b[i]), `element ${i}: ${a[i]} vs ${b[i]}`).toBe(true);
  }
}

describe("serializeSafetensors", () => {
  it("writes the layout of the reference implementation, byte for byte", () => {
    const bytes = serializeSafetensors(
      {
        b: { dtype: "F16", shape: [1], data: new Float32Array([1]) },
        a: { dtype: "F32", shape: [2], data: new Float32Array([1, -2]) },
      },
      { format: "pt" },
    );
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F16","shape":[1],"data_offsets":[8,10]}}';
    // 139 header bytes, padded with 5 spaces to 144 = 0x90.
    const expected = [
      0x90, 0, 0, 0, 0, 0, 0, 0,
      ...Array.from(header, (c) => c.charCodeAt(0)),
      0x20, 0x20, 0x20, 0x20, 0x20,
      0x00, 0x00, 0x80, 0x3f, // 1.0f
      0x00, 0x00, 0x00, 0xc0, // -2.0f
      0x00, 0x3c, // half 1.0
    ];
    expect(header.length).toBe(139);
    expect(Array.from(bytes)).toEqual(expected);
  });

  it("parses hand-built bytes, even with unaligned data", () => {
    // 56 JSON bytes + 3 spaces = 59: the payload starts at the odd offset 67.
    const header = '{"x":{"dtype":"I32","shape":[2,1],"data_offsets":[0,8]}}   ';
    expect(header.length).toBe(59);
    const bytes = new Uint8Array([
      header.length, 0, 0, 0, 0, 0, 0, 0,
      ...Array.from(header, (c) => c.charCodeAt(0)),
      0x07, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, // 7, -1
    ]);
    const file = parseSafetensors(bytes, "hand.safetensors");
    const x = file.tensors.get("x");
    expect(x?.dtype).toBe("I32");
    expect(x?.shape).toEqual([2, 1]);
    expect(Array.from(toFloat32(x!))).toEqual([7, -1]);
    expect(file.metadata).toEqual({});
    // A view, not a copy.
    expect(x!.bytes.buffer).toBe(bytes.buffer);
  });

  it.each(["F32", "F16", "BF16"] as const)("round-trips special values as %s", (dtype) => {
    const data = new Float32Array(SPECIAL);
    const file = parseSafetensors(serializeSafetensors({ v: { dtype, shape: [SPECIAL.length], data } }), "rt");
    const got = toFloat32(file.tensors.get("v")!);
    if (dtype === "BF16") {
      // bfloat16 has float32's range but 8 significant bits: 65504 rounds to 65536.
      same(got, SPECIAL.map((v) => (Math.abs(v) === 65504 ? Math.sign(v) * 65536 : v)));
    } else {
      same(got, SPECIAL);
    }
  });

  it("round-trips float32 subnormals through F32 and BF16", () => {
    const f32 = [2 ** -149, -(2 ** -140), 2 ** -130];
    const bytes = serializeSafetensors({ t: { dtype: "F32", shape: [3], data: new Float32Array(f32) } });
    same(toFloat32(parseSafetensors(bytes, "rt").tensors.get("t")!), f32);
    // bfloat16 keeps 7 fraction bits, so its smallest subnormal is 2^-133; 2^-149 flushes to 0.
    const bf16 = [2 ** -133, -(2 ** -132), 2 ** -130, 2 ** -149, -(2 ** -140)];
    const b = serializeSafetensors({ t: { dtype: "BF16", shape: [5], data: new Float32Array(bf16) } });
    same(toFloat32(parseSafetensors(b, "rt").tensors.get("t")!), [2 ** -133, -(2 ** -132), 2 ** -130, 0, -0]);
  });

  it("rounds F16 to nearest even and overflows to infinity", () => {
    const data = new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -26]);
    const bytes = serializeSafetensors({ t: { dtype: "F16", shape: [4], data } });
    same(toFloat32(parseSafetensors(bytes, "rt").tensors.get("t")!), [1, 1 + 2 ** -9, Infinity, 0]);
  });

  it("round-trips I32, U8, scalars and empty tensors, with aligned data", () => {
    const bytes = serializeSafetensors(
      {
        i: { dtype: "I32", shape: [3], data: new Int32Array([-(2 ** 31), 0, 2 ** 31 - 1]) },
        u: { dtype: "U8", shape: [2], data: new Uint8Array([0, 255]) },
        s: { dtype: "F32", shape: [], data: new Float32Array([3.5]) },
        e: { dtype: "F32", shape: [0, 4], data: new Float32Array(0) },
      },
      {},
    );
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect(headerLength % 8).toBe(0);
    const file = parseSafetensors(bytes, "rt");
    expect([...file.tensors.keys()]).toEqual(["e", "i", "s", "u"]);
    // Little-endian int32: -2^31, 0, 2^31 - 1.
    expect(Array.from(file.tensors.get("i")!.bytes)).toEqual([0, 0, 0, 0x80, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]);
    expect(Array.from(toFloat32(file.tensors.get("u")!))).toEqual([0, 255]);
    expect(file.tensors.get("s")?.shape).toEqual([]);
    expect(Array.from(toFloat32(file.tensors.get("s")!))).toEqual([3.5]);
    expect(file.tensors.get("e")?.bytes.byteLength).toBe(0);
  });

  it("rejects bad input with a clear message", () => {
    expect(() =>
      serializeSafetensors({ w: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } }),
    ).toThrow(/tensor "w".*\[2,2\] has 4 elements, data has 3/);
    expect(() =>
      serializeSafetensors({ w: { dtype: "I32", shape: [1], data: new Float32Array(1) } }),
    ).toThrow(/"w": I32 data must be a Int32Array, got Float32Array/);
    expect(() =>
      serializeSafetensors({ w: { dtype: "F64" as "F32", shape: [1], data: new Float32Array(1) } }),
    ).toThrow(/dtype must be one of F32, F16, BF16, I32, U8, got F64/);
    expect(() =>
      serializeSafetensors({ w: { dtype: "F32", shape: [-1], data: new Float32Array(1) } }),
    ).toThrow(/shape must be non-negative integers/);
  });
});
