import { elementCount, isSafetensorsDtype, ITEM_SIZE } from "./dtypes.js";
import type { RawTensor, SafetensorsFile } from "./raw.js";

/** The reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER_BYTES = 100_000_000;

interface Entry {
  name: string;
  tensor: RawTensor;
  begin: number;
  end: number;
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function readMetadata(value: unknown, source: string): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${source}: __metadata__ must be an object of strings, got ${describe(value)}`);
  }
  const entries = Object.entries(value);
  for (const [key, v] of entries) {
    if (typeof v !== "string") {
      throw new Error(`${source}: __metadata__.${key} must be a string, got ${describe(v)}`);
    }
  }
  // fromEntries defines own properties, so even a "__proto__" key stays plain data.
  return Object.fromEntries(entries) as Record<string, string>;
}

function readEntry(name: string, value: unknown, data: Uint8Array, source: string): Entry {
  const where = `${source}: tensor "${name}"`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected {dtype, shape, data_offsets}, got ${describe(value)}`);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    throw new Error(
      `${where}: unknown dtype ${describe(dtype)}, expected one of ${Object.keys(ITEM_SIZE).join(", ")}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw new Error(`${where}: data_offsets must be [begin, end] integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) {
    throw new Error(`${where}: data_offsets [${begin}, ${end}] end before begin`);
  }
  if (end > data.byteLength) {
    throw new Error(
      `${where}: data_offsets [${begin}, ${end}] run past the data section (${data.byteLength} bytes)`,
    );
  }
  const expected = elementCount(shape) * ITEM_SIZE[dtype];
  if (end - begin !== expected) {
    throw new Error(
      `${where}: ${dtype}[${shape.join(",")}] needs ${expected} bytes, data_offsets give ${end - begin}`,
    );
  }
  return { name, begin, end, tensor: { dtype, shape: [...shape], bytes: data.subarray(begin, end) } };
}

function checkNoOverlap(entries: Entry[], source: string): void {
  const sorted = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.begin < prev.end) {
      throw new Error(
        `${source}: tensors "${prev.name}" [${prev.begin}, ${prev.end}] and "${cur.name}" ` +
          `[${cur.begin}, ${cur.end}] overlap`,
      );
    }
  }
}

/**
 * Parses safetensors bytes. Tensor payloads are views into `bytes` (no copy).
 * `source` (usually the file path) names the input in every error message.
 */
export function parseSafetensors(bytes: Uint8Array, source: string): SafetensorsFile {
  if (bytes.byteLength < 8) {
    throw new Error(`${source}: expected at least 8 bytes (header length), got ${bytes.byteLength}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = dv.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.byteLength - 8)) {
    throw new Error(
      `${source}: header length ${headerLength} runs past the end of the file ` +
        `(${bytes.byteLength - 8} bytes after the length field); truncated or not a safetensors file?`,
    );
  }
  const n = Number(headerLength);
  if (n > MAX_HEADER_BYTES) {
    throw new Error(`${source}: header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    throw new Error(`${source}: header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new Error(`${source}: header must be a JSON object, got ${describe(header)}`);
  }

  const data = bytes.subarray(8 + n);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === "__metadata__") metadata = readMetadata(value, source);
    else entries.push(readEntry(name, value, data, source));
  }
  checkNoOverlap(entries, source);
  return { tensors: new Map(entries.map((e) => [e.name, e.tensor])), metadata };
}
