/**
 * 4-bit NormalFloat (NF4) quantisation from QLoRA (Dettmers et al. 2023): each block of 64
 * consecutive values is scaled by its absolute maximum into [-1, 1] and rounded to the nearest
 * of 16 fixed levels (quantiles of N(0, 1), with an exact zero). Two codes are packed per byte.
 */
export const NF4_CODE: readonly number[] = [
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635, -0.18477343022823334,
  -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
  0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
];

export const NF4_BLOCK_SIZE = 64;

/** Decision thresholds: a value maps to code i when it lies between midpoints i-1|i and i|i+1. */
const MIDPOINTS = NF4_CODE.slice(1).map((v, i) => (v + NF4_CODE[i]!) / 2);

/** The largest distance from a value in [-1, 1] to its nearest code: half the widest gap. */
export const NF4_MAX_HALF_GAP = Math.max(...NF4_CODE.slice(1).map((v, i) => (v - NF4_CODE[i]!) / 2));

export interface Nf4Tensor {
  shape: number[];
  /** Two 4-bit codes per byte: element 2i in the low nibble, 2i+1 in the high nibble. */
  codes: Uint8Array;
  /** One scale per block of NF4_BLOCK_SIZE elements (the block's absolute maximum). */
  absmax: Float32Array;
  blockSize: number;
}

function nearestCode(x: number): number {
  // Binary search over the 15 midpoints (sorted ascending).
  let lo = 0;
  let hi = MIDPOINTS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x > MIDPOINTS[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function quantizeNf4(values: Float32Array, shape: number[], blockSize = NF4_BLOCK_SIZE): Nf4Tensor {
  const n = values.length;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== n) throw new Error(`quantizeNf4: shape [${shape.join(", ")}] has ${expected} elements, data has ${n}`);
  if (!Number.isInteger(blockSize) || blockSize < 2 || blockSize % 2 !== 0) throw new Error(`quantizeNf4: blockSize must be an even integer >= 2, got ${blockSize}`);
  const blocks = Math.ceil(n / blockSize);
  const absmax = new Float32Array(blocks);
  const codes = new Uint8Array(Math.ceil(n / 2));
  for (let b = 0; b < blocks; b++) {
    const start = b * blockSize;
    const end = Math.min(n, start + blockSize);
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, Math.abs(values[i]!));
    absmax[b] = max;
    const inv = max === 0 ? 0 : 1 / max;
    for (let i = start; i < end; i++) {
      const code = nearestCode(values[i]! * inv);
      codes[i >> 1]! |= (i & 1) === 0 ? code : code << 4;
    }
  }
  return { shape: [...shape], codes, absmax, blockSize };
}

export function dequantizeNf4(q: Nf4Tensor): Float32Array {
  const n = q.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const byte = q.codes[i >> 1]!;
    const code = (i & 1) === 0 ? byte & 0x0f : byte >> 4;
    out[i] = NF4_CODE[code]! * q.absmax[Math.floor(i / q.blockSize)]!;
  }
  return out;
}

/** Bytes held by the quantised form (codes + one float32 scale per block). */
export function nf4Bytes(q: Nf4Tensor): number {
  return q.codes.byteLength + q.absmax.byteLength;
}
