import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, encodeGrayPng } from "./gray-png.js";

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789", "latin1"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe("encodeGrayPng", () => {
  it("writes signature, IHDR, IDAT (filter byte + row per line) and IEND with valid CRCs", () => {
    const gray = Uint8Array.from([0, 64, 128, 255, 1, 2]);
    const png = encodeGrayPng(gray, 3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: Array<{ type: string; data: Buffer }> = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString("latin1", at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.push({ type, data });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const ihdr = chunks[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([3, 2, 8, 0, 0, 0, 0]);
    expect([...inflateSync(chunks[1]!.data)]).toEqual([0, 0, 64, 128, 0, 255, 1, 2]);
  });

  it("refuses a pixel count that does not match the size", () => {
    expect(() => encodeGrayPng(new Uint8Array(5), 3, 2)).toThrow(/5 pixels for 3x2/);
    expect(() => encodeGrayPng(new Uint8Array(0), 0, 0)).toThrow(/bad size/);
  });
});
