/**
 * The sum NumPy's `np.add.reduce` computes for a contiguous float64 array: pairwise summation
 * (blocks of up to 128 with 8 running sums, halves above that), so the means of precision values
 * below are bit-equal to pycocotools', not only close.
 */
export function numpySum(values: Float64Array, start = 0, count = values.length - start): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i]!;
    return sum;
  }
  if (count <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < count - (count % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = r[j]! + values[start + i + j]!;
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < count; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return numpySum(values, start, half) + numpySum(values, start + half, count - half);
}

/** NumPy's `np.mean` of the entries of `values` above -1 (pycocotools' `mean(s[s > -1])`); -1 when there are none. */
export function meanOfValid(values: Float64Array): number {
  const kept = values.filter((v) => v > -1);
  return kept.length === 0 ? -1 : numpySum(kept) / kept.length;
}
