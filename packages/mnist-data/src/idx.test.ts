import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { isGzip, readIdx, readIdxHeader } from "./idx.js";
import { idxBytes } from "./test-fixtures.js";

describe("readIdx", () => {
  it("decodes uint8 with dims from the header", () => {
    const a = readIdx(idxBytes(0x08, [2, 3], [0, 1, 2, 253, 254, 255]), "x");
    expect(a.dtype).toBe("uint8");
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it("decodes a 4-byte dimension big-endian", () => {
    // 0x00 0x00 0x01 0x00 = 256 elements
    const a = readIdx(idxBytes(0x08, [256], new Array(256).fill(7)), "x");
    expect(a.dims).toEqual([256]);
    expect(a.data.length).toBe(256);
  });

  it("decodes int8, int16, int32, float32, float64 big-endian", () => {
    expect(Array.from(readIdx(idxBytes(0x09, [2], [0xff, 0x80]), "x").data)).toEqual([-1, -128]);
    expect(Array.from(readIdx(idxBytes(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]), "x").data)).toEqual([258, -2]);
    expect(Array.from(readIdx(idxBytes(0x0c, [2], [0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfd]), "x").data)).toEqual([
      256, -3,
    ]);
    // 0x3f800000 = 1.0f, 0xc0200000 = -2.5f
    expect(Array.from(readIdx(idxBytes(0x0d, [2], [0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0]), "x").data)).toEqual([
      1, -2.5,
    ]);
    // 0x3ff0000000000000 = 1.0
    const f64 = readIdx(idxBytes(0x0e, [1], [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]), "x");
    expect(f64.dtype).toBe("float64");
    expect(Array.from(f64.data)).toEqual([1]);
  });

  it("does not alias the input buffer", () => {
    const bytes = idxBytes(0x08, [2], [5, 6]);
    const a = readIdx(bytes, "x");
    bytes[bytes.length - 1] = 99;
    expect(Array.from(a.data)).toEqual([5, 6]);
  });

  it("rejects a truncated payload, naming the file and both sizes", () => {
    const bytes = idxBytes(0x08, [10, 28, 28], new Array(7839).fill(0));
    expect(() => readIdx(bytes, "t10k-images-idx3-ubyte")).toThrow(
      "t10k-images-idx3-ubyte: truncated: header says 10x28x28 uint8 = 7840 bytes of data, file has 7839",
    );
  });

  it("rejects trailing bytes", () => {
    const bytes = idxBytes(0x0c, [2], new Array(9).fill(0));
    expect(() => readIdx(bytes, "labels.idx")).toThrow(
      "labels.idx: trailing bytes: header says 2 int32 = 8 bytes of data, file has 9",
    );
  });

  it("rejects a wrong magic number", () => {
    const bytes = idxBytes(0x08, [1], [0]);
    bytes[1] = 0x01;
    expect(() => readIdx(bytes, "bad.idx")).toThrow(
      "bad.idx: not an IDX file: expected magic to start with 0x00 0x00, found 0x00 0x01",
    );
    expect(() => readIdx(new Uint8Array([0, 0, 8]), "short.idx")).toThrow(/short\.idx: .*4-byte magic.*has 3 bytes/);
  });

  it("rejects an unknown dtype code", () => {
    expect(() => readIdx(idxBytes(0x0a, [1], [0]), "odd.idx")).toThrow(/odd\.idx: unknown IDX data type code 0x0a/);
  });

  it("rejects zero dimensions and a truncated header", () => {
    expect(() => readIdx(new Uint8Array([0, 0, 8, 0]), "z.idx")).toThrow(/z\.idx: .*0 dimensions/);
    expect(() => readIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), "h.idx")).toThrow(
      "h.idx: truncated header: 3 dimensions need 16 header bytes, file has 8",
    );
  });

  it("hints at readIdxFile when given gzip data", () => {
    const gz = gzipSync(idxBytes(0x08, [1], [0]));
    expect(isGzip(gz)).toBe(true);
    expect(() => readIdx(gz, "a.gz")).toThrow(/found 0x1f 0x8b \(gzip data/);
  });
});

describe("readIdxHeader", () => {
  it("gives dtype, dims, element count and payload offset without decoding", () => {
    // 2 dims: 4-byte magic + 2 * 4 bytes of dims = payload at byte 12.
    expect(readIdxHeader(idxBytes(0x0b, [2, 3], new Array(12).fill(0)), "x")).toEqual({ dtype: "int16", dims: [2, 3], count: 6, offset: 12 });
  });

  it("checks the length like readIdx", () => {
    expect(() => readIdxHeader(idxBytes(0x08, [4], [1, 2]), "short")).toThrow("short: truncated: header says 4 uint8 = 4 bytes of data, file has 2");
  });
});
