import { MNIST_PIXELS, type MnistSplit } from "@llmnist/mnist-data";
import { PNG } from "pngjs";

/** MNIST image `k` of a split as a 28x28 gray PNG, light digit on black (as MNIST stores it). */
export function mnistPng(split: MnistSplit, k: number): Buffer {
  return rgbaPng(28, 28, (x, y) => {
    const v = Math.round(255 * split.images[k * MNIST_PIXELS + y * 28 + x]!);
    return [v, v, v, 255];
  });
}

/** A PNG whose pixel (x, y) is `rgba(x, y)`. */
export function rgbaPng(width: number, height: number, rgba: (x: number, y: number) => number[]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(rgba(x, y), 4 * (y * width + x));
  return PNG.sync.write(png);
}

export const dataUrl = (png: Uint8Array): string => `data:image/png;base64,${Buffer.from(png).toString("base64")}`;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * A "PNG bomb": a valid signature and IHDR (correct CRC) declaring width x height RGBA pixels,
 * then a tiny IDAT and IEND; a decoder that trusts the header allocates width * height * 4 bytes.
 */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk("IEND", new Uint8Array(0))]);
}
