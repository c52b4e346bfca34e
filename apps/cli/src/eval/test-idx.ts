import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The bytes of an IDX file: magic 00 00 `code` ndims, big-endian dims, then `payload`. */
export function idxBytes(dims: number[], payload: Uint8Array, code = 0x08): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = code;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

/** Writes an IDX file into `dir` (gzipped when `gzip`), returning its path. */
export function writeIdx(dir: string, name: string, dims: number[], payload: Uint8Array, options: { code?: number; gzip?: boolean } = {}): string {
  const bytes = idxBytes(dims, payload, options.code);
  const path = join(dir, name);
  writeFileSync(path, options.gzip === true ? gzipSync(bytes) : bytes);
  return path;
}

/** A size x size gray picture: paper `paper`, a filled rectangle of `ink` over [x0, x1) x [y0, y1). */
export function barPicture(size: number, paper: number, ink: number, [x0, y0, x1, y1]: [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size).fill(paper);
  for (let y = y0; y < y1; y++) out.fill(ink, y * size + x0, y * size + x1);
  return out;
}
