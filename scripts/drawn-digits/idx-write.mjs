// IDX files as @llmnist/mnist-data reads them (readIdx / readIdxFile): magic 00 00 08 ndims,
// big-endian uint32 dimensions, then the uint8 payload; gzip-compressed like MNIST's own
// downloads (readIdxFile detects gzip by its magic bytes).
import { gzipSync } from "node:zlib";

/** The bytes of a uint8 IDX file of shape `dims`. */
export function encodeIdxUint8(dims, data) {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`IDX payload: expected ${dims.join("x")} = ${count} bytes, got ${data.length}`);
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2); // uint8
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** gzip at level 9; Node writes mtime 0, so the same bytes give the same file. */
export const gzip = (bytes) => gzipSync(bytes, { level: 9 });
