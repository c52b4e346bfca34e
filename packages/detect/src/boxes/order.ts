/**
 * Indices `0..n-1` ordered by score, highest first; equal scores keep index order (a stable
 * sort, like `torch.sort(stable=True)` and NumPy's mergesort).
 */
export function orderByScore(scores: Float64Array): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // The index tie-break makes the order exact whatever the engine's sort algorithm.
  return order.sort((i, j) => scores[j]! - scores[i]! || i - j);
}
