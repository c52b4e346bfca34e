import type { Rng } from "@llmnist/random";

/** How the next token is chosen. Omitted or temperature 0 means greedy (argmax). */
export interface SamplingOptions {
  /** Softmax temperature; 0 = greedy. Default 0. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined = all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (1 = all). */
  topP?: number;
}

export function isGreedy(s: SamplingOptions | undefined): boolean {
  return !s || !s.temperature;
}

export function checkSampling(s: SamplingOptions): void {
  const { temperature = 0, topK = 0, topP = 1 } = s;
  if (!Number.isFinite(temperature) || temperature < 0) throw new Error(`sampling.temperature must be >= 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`sampling.topK must be a non-negative integer, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new Error(`sampling.topP must be in (0, 1], got ${topP}`);
}

/** Index of the largest value; ties go to the lowest index (as torch.argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Pick one token from a row of logits, HF-style: temperature, then top-k, then top-p
 * (nucleus), then a draw from the renormalised distribution with `rng`.
 */
export function sampleToken(logits: ArrayLike<number>, s: SamplingOptions, rng: Rng): number {
  checkSampling(s);
  if (isGreedy(s)) return argmax(logits);
  const { temperature = 1, topK = 0, topP = 1 } = s;
  const n = logits.length;
  // Candidates sorted by logit (descending, ties by index) so top-k/top-p are prefixes.
  let order = Array.from({ length: n }, (_, i) => i);
  if (topK > 0 && topK < n) order = partialTop(logits, topK);
  else order.sort((a, b) => logits[b]! - logits[a]! || a - b);
  const max = logits[order[0]!]!;
  const weights = order.map((i) => Math.exp((logits[i]! - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let keep = weights.length;
  if (topP < 1) {
    let cumulative = 0;
    for (let j = 0; j < weights.length; j++) {
      cumulative += weights[j]! / total;
      if (cumulative >= topP) {
        keep = j + 1;
        break;
      }
    }
  }
  const kept = weights.slice(0, keep);
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  let u = rng.next() * keptTotal;
  for (let j = 0; j < keep; j++) {
    u -= kept[j]!;
    if (u < 0) return order[j]!;
  }
  return order[keep - 1]!;
}

/** The k largest entries' indices, sorted descending (ties by index); O(n k) but k is small. */
function partialTop(logits: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (top.length === k && v <= logits[top[k - 1]!]!) continue;
    let j = top.length === k ? k - 1 : top.length;
    if (top.length < k) top.push(i);
    while (j > 0 && logits[top[j - 1]!]! < v) {
      top[j] = top[j - 1]!;
      j--;
    }
    top[j] = i;
  }
  return top;
}
