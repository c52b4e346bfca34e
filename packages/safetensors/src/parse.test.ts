import { describe, expect, it } from "vitest";
import { parseSafetensors } from "./parse.js";

/** Builds a file from a header string and a data section, like a hand-written hex dump. */
function file(header: string, data: number[] = []): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const ONE_F32 = [0, 0, 0x80, 0x3f];

describe("parseSafetensors", () => {
  it("reads dtype, shape, metadata and a view of the payload", () => {
    const bytes = file(
      '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
      ONE_F32,
    );
    const parsed = parseSafetensors(bytes, "m.safetensors");
    expect(parsed.metadata).toEqual({ format: "pt" });
    const w = parsed.tensors.get("w")!;
    expect(w.dtype).toBe("F32");
    expect(w.shape).toEqual([1]);
    expect(Array.from(w.bytes)).toEqual(ONE_F32);
    expect(w.bytes.byteOffset).toBe(bytes.length - 4);
  });

  it("rejects a file shorter than the length field", () => {
    expect(() => parseSafetensors(new Uint8Array(5), "short.st")).toThrow(
      "short.st: expected at least 8 bytes (header length), got 5",
    );
  });

  it("rejects a header length beyond the file", () => {
    const bytes = file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', ONE_F32);
    const truncated = bytes.subarray(0, 30);
    expect(() => parseSafetensors(truncated, "cut.st")).toThrow(
      /cut.st: header length 54 runs past the end of the file \(22 bytes/,
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(() => parseSafetensors(huge, "huge.st")).toThrow(/huge.st: header length 9223372036854775808 runs past/);
  });

  it("rejects a truncated data section", () => {
    const bytes = file('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', [...ONE_F32, ...ONE_F32]);
    expect(() => parseSafetensors(bytes.subarray(0, bytes.length - 1), "t.st")).toThrow(
      't.st: tensor "a": data_offsets [0, 8] run past the data section (7 bytes)',
    );
  });

  it("rejects offsets beyond the data section", () => {
    const bytes = file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', ONE_F32);
    expect(() => parseSafetensors(bytes, "o.st")).toThrow(/o.st: tensor "a": data_offsets \[4, 8\] run past/);
  });

  it("rejects a shape that does not match the byte count", () => {
    const bytes = file('{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,4]}}', ONE_F32);
    expect(() => parseSafetensors(bytes, "s.st")).toThrow(
      's.st: tensor "a": F32[2,3] needs 24 bytes, data_offsets give 4',
    );
  });

  it("rejects an unknown dtype", () => {
    const bytes = file('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', [0]);
    expect(() => parseSafetensors(bytes, "d.st")).toThrow(/d.st: tensor "a": unknown dtype "F8_E4M3", expected one of F64, F32/);
  });

  it("rejects overlapping tensors", () => {
    const bytes = file(
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
      [...ONE_F32, ...ONE_F32],
    );
    expect(() => parseSafetensors(bytes, "ov.st")).toThrow('ov.st: tensors "a" [0, 8] and "b" [4, 8] overlap');
  });

  it("rejects malformed headers", () => {
    expect(() => parseSafetensors(file("{not json"), "j.st")).toThrow(/j.st: header is not valid UTF-8 JSON/);
    expect(() => parseSafetensors(file("[1,2]"), "arr.st")).toThrow("arr.st: header must be a JSON object, got [1,2]");
    expect(() => parseSafetensors(file('{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', ONE_F32), "f.st")).toThrow(
      /f.st: tensor "a": shape must be an array of non-negative integers, got \[1.5\]/,
    );
    expect(() => parseSafetensors(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', ONE_F32), "r.st")).toThrow(
      /r.st: tensor "a": data_offsets \[4, 0\] end before begin/,
    );
    expect(() => parseSafetensors(file('{"__metadata__":{"n":3}}'), "md.st")).toThrow(
      "md.st: __metadata__.n must be a string, got 3",
    );
  });

  it("accepts an empty file with only a header", () => {
    const parsed = parseSafetensors(file("{}"), "e.st");
    expect(parsed.tensors.size).toBe(0);
  });
});
