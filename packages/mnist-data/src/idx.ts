/** Element types an IDX file can hold (IDX type codes 0x08..0x0E). */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** A decoded IDX file; `data` is row-major with `dims[0]` as the slowest axis. */
export type IdxArray =
  | { dtype: "uint8"; dims: number[]; data: Uint8Array }
  | { dtype: "int8"; dims: number[]; data: Int8Array }
  | { dtype: "int16"; dims: number[]; data: Int16Array }
  | { dtype: "int32"; dims: number[]; data: Int32Array }
  | { dtype: "float32"; dims: number[]; data: Float32Array }
  | { dtype: "float64"; dims: number[]; data: Float64Array };

const DTYPE_BY_CODE: ReadonlyMap<number, { dtype: IdxDtype; itemSize: number }> = new Map([
  [0x08, { dtype: "uint8", itemSize: 1 }],
  [0x09, { dtype: "int8", itemSize: 1 }],
  [0x0b, { dtype: "int16", itemSize: 2 }],
  [0x0c, { dtype: "int32", itemSize: 4 }],
  [0x0d, { dtype: "float32", itemSize: 4 }],
  [0x0e, { dtype: "float64", itemSize: 8 }],
]);

const hex = (b: number): string => "0x" + b.toString(16).padStart(2, "0");

/** What an IDX header says: element type, dimensions, and where the payload starts. */
export interface IdxHeader {
  dtype: IdxDtype;
  dims: number[];
  /** Number of elements, product(dims). */
  count: number;
  /** Byte offset of the payload in the file. */
  offset: number;
}

/**
 * Decodes an (uncompressed) IDX file. `source` names the file in error messages.
 * The payload must be exactly product(dims) * itemSize bytes: a truncated file or
 * trailing bytes both throw. Multi-byte values are big-endian, as IDX specifies.
 */
export function readIdx(bytes: Uint8Array, source: string): IdxArray {
  const { dtype, dims, count, offset } = readIdxHeader(bytes, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = decode(dtype, bytes, view, offset, count);
  return { dtype, dims, data } as IdxArray; // decode() returns the array type matching dtype
}

/** Checks an IDX file's header against its length (see readIdx) without decoding the payload. */
export function readIdxHeader(bytes: Uint8Array, source: string): IdxHeader {
  if (bytes.length < 4) {
    throw new Error(
      `${source}: not an IDX file: expected a 4-byte magic number, file has ${bytes.length} bytes`,
    );
  }
  const [b0, b1, code, ndims] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (b0 !== 0 || b1 !== 0) {
    throw new Error(
      `${source}: not an IDX file: expected magic to start with 0x00 0x00, found ${hex(b0)} ${hex(b1)}` +
        (b0 === 0x1f && b1 === 0x8b ? " (gzip data: decompress it first, e.g. with readIdxFile from @llmnist/mnist-data/node)" : ""),
    );
  }
  const type = DTYPE_BY_CODE.get(code);
  if (type === undefined) {
    throw new Error(
      `${source}: unknown IDX data type code ${hex(code)}: expected one of 0x08 (uint8), 0x09 (int8), ` +
        `0x0b (int16), 0x0c (int32), 0x0d (float32), 0x0e (float64)`,
    );
  }
  if (ndims < 1) {
    throw new Error(`${source}: IDX header says 0 dimensions: expected at least 1`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new Error(
      `${source}: truncated header: ${ndims} dimensions need ${headerBytes} header bytes, file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const expected = count * type.itemSize;
  const found = bytes.length - headerBytes;
  const describe = (): string =>
    `header says ${dims.join("x")} ${type.dtype} = ${expected} bytes of data, file has ${found}`;
  if (!Number.isSafeInteger(expected)) {
    throw new Error(`${source}: implausible IDX header: ${describe()}`);
  }
  if (found < expected) throw new Error(`${source}: truncated: ${describe()}`);
  if (found > expected) throw new Error(`${source}: trailing bytes: ${describe()}`);
  return { dtype: type.dtype, dims, count, offset: headerBytes };
}

function decode(
  dtype: IdxDtype,
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  count: number,
): IdxArray["data"] {
  switch (dtype) {
    case "uint8":
      return copyBytes(bytes, offset, count);
    case "int8":
      return new Int8Array(copyBytes(bytes, offset, count).buffer);
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Copies so the result never aliases the caller's (possibly pooled) buffer.
 * (Buffer#slice would return a view, hence the explicit copy.)
 */
function copyBytes(bytes: Uint8Array, offset: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  out.set(bytes.subarray(offset, offset + count));
  return out;
}

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
