import { describe, expect, it } from "vitest";
import { decodeImageField, pngBytesFromBase64 } from "./images.js";
import { readPngSize } from "./png-header.js";
import { dataUrl, pngHeaderOnly, rgbaPng } from "./png.test-helpers.js";

const seven = rgbaPng(40, 60, (x, y) => (y < 8 || (x > 25 && x < 32) ? [0, 0, 0, 255] : [255, 255, 255, 255]));

describe("serve images", () => {
  it("reads the size a PNG header declares", () => {
    expect(readPngSize(seven)).toEqual({ width: 40, height: 60 });
    expect(readPngSize(pngHeaderOnly(100_000, 100_000))).toEqual({ width: 100_000, height: 100_000 });
    expect(readPngSize(new TextEncoder().encode("GIF89a............................"))).toBeNull();
  });

  it("accepts plain base64 and data:image/png;base64 URLs alike", () => {
    const a = decodeImageField(seven.toString("base64"), "image");
    const b = decodeImageField(dataUrl(seven), "image");
    expect(a).toHaveLength(784);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(pngBytesFromBase64(`data:image/png;base64,${seven.toString("base64").replace(/(.{60})/g, "$1\n")}`, "image")).toEqual(seven);
  });

  it("refuses what is not a base64 PNG with a 400 naming the field", () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [42, "invalid_type", /images\[0\] must be a string/],
      ["not base64!", "invalid_base64", /not valid base64/],
      ["abcde", "invalid_base64", /not valid base64/],
      ["data:image/jpeg;base64,AAAA", "invalid_image", /only PNG/],
      ["data:image/png,rawbytes", "invalid_base64", /base64-encoded/],
      ["https://example.com/seven.png", "invalid_image", /not a link/],
      [Buffer.from("hello, world").toString("base64"), "invalid_image", /not a PNG image/],
      [Buffer.concat([seven.subarray(0, 40), Buffer.alloc(30)]).toString("base64"), "invalid_image", /not a readable PNG/],
      [dataUrl(rgbaPng(10, 10, () => [255, 255, 255, 255])), "invalid_image", /blank/],
    ];
    for (const [value, code, message] of cases) {
      expect(() => decodeImageField(value, "images[0]"), String(value).slice(0, 40)).toThrow(message);
      try {
        decodeImageField(value, "images[0]");
      } catch (error) {
        expect((error as { status: number }).status).toBe(400);
        expect((error as { code: string }).code).toBe(code);
      }
    }
  });

  it("refuses a PNG declaring a huge size before decoding it (a PNG bomb)", () => {
    const started = performance.now();
    expect(() => decodeImageField(dataUrl(pngHeaderOnly(100_000, 100_000)), "image")).toThrow(/declares 100000x100000 pixels; at most 4096x4096/);
    expect(() => decodeImageField(dataUrl(pngHeaderOnly(5000, 1)), "image")).toThrow(/image_too_large|declares 5000x1/);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
