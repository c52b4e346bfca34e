// Reads the entries of a .tgz (what `pnpm pack` writes) with Node alone: gunzip, then
// 512-byte ustar headers, each followed by its data padded to 512 bytes.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const BLOCK = 512;

/** Every regular file of a gzipped tar: path (as stored, e.g. "package/dist/index.js") and bytes. */
export function readTarball(file) {
  const tar = gunzipSync(readFileSync(file));
  const entries = [];
  let longName = null;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive blocks
    const size = parseOctal(header.subarray(124, 136), file);
    const type = String.fromCharCode(header[156] || 48); // "0" (or NUL): a regular file
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    const prefix = cString(header.subarray(345, 500));
    const name = longName ?? (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    longName = null;
    if (type === "L") longName = cString(data); // GNU long name: applies to the next entry
    else if (type === "0") entries.push({ path: name, data: Buffer.from(data) });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function cString(bytes) {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
}

function parseOctal(bytes, file) {
  const text = cString(bytes).trim();
  const value = Number.parseInt(text || "0", 8);
  if (!Number.isFinite(value)) throw new Error(`${file}: bad tar header size field "${text}"`);
  return value;
}
