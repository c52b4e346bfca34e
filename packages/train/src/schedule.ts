/**
 * The paper's learning-rate schedule, stepped per iteration: linear warm-up (PyTorch
 * LinearLR(start_factor, end_factor=1, total_iters=warmupIters-1)) followed by cosine
 * annealing to 0 (CosineAnnealingLR(T_max=totalIters-warmupIters, eta_min=0)).
 */

export interface WarmupCosineOptions {
  /** The lr reached at the end of warm-up and where the cosine starts. */
  peakLr: number;
  /** Number of warm-up iterations (0 = none). */
  warmupIters: number;
  /** Total iterations of the run (warm-up included). */
  totalIters: number;
  /** Warm-up factor at iteration 0; default 1e-3. */
  startFactor?: number;
}

function checkOptions(opts: WarmupCosineOptions): Required<WarmupCosineOptions> {
  const { peakLr, warmupIters, totalIters, startFactor = 1e-3 } = opts;
  if (!Number.isFinite(peakLr) || peakLr <= 0) {
    throw new Error(`warmupCosineLr: peakLr must be a finite number > 0, got ${peakLr}`);
  }
  if (!Number.isInteger(totalIters) || totalIters < 1) {
    throw new Error(`warmupCosineLr: totalIters must be an integer >= 1, got ${totalIters}`);
  }
  if (!Number.isInteger(warmupIters) || warmupIters < 0 || warmupIters > totalIters) {
    throw new Error(
      `warmupCosineLr: warmupIters must be an integer in [0, totalIters=${totalIters}], got ${warmupIters}`,
    );
  }
  if (!Number.isFinite(startFactor) || startFactor <= 0 || startFactor > 1) {
    throw new Error(`warmupCosineLr: startFactor must be in (0, 1], got ${startFactor}`);
  }
  return { peakLr, warmupIters, totalIters, startFactor };
}

/** Learning rate for 0-based iteration `iter` (must be in [0, totalIters)). */
export function warmupCosineLr(iter: number, opts: WarmupCosineOptions): number {
  const { peakLr, warmupIters, totalIters, startFactor } = checkOptions(opts);
  if (!Number.isInteger(iter) || iter < 0 || iter >= totalIters) {
    throw new Error(`warmupCosineLr: iter must be an integer in [0, ${totalIters}), got ${iter}`);
  }
  if (iter < warmupIters) {
    // A one-iteration warm-up is its own last iteration: the factor has already reached 1.
    if (warmupIters === 1) return peakLr;
    const factor = startFactor + ((1 - startFactor) * iter) / (warmupIters - 1);
    return peakLr * factor;
  }
  const tMax = totalIters - warmupIters;
  return (peakLr * (1 + Math.cos((Math.PI * (iter - warmupIters)) / tMax))) / 2;
}

/**
 * The paper's protocol as a function of the 0-based iteration: warm-up over the first
 * `warmupEpochs` epochs, cosine to 0 over the rest (defaults: peak 1e-3, 2 warm-up epochs).
 */
export function paperSchedule(
  itersPerEpoch: number,
  epochs: number,
  peakLr = 1e-3,
  warmupEpochs = 2,
): (iter: number) => number {
  if (!Number.isInteger(itersPerEpoch) || itersPerEpoch < 1) {
    throw new Error(`paperSchedule: itersPerEpoch must be an integer >= 1, got ${itersPerEpoch}`);
  }
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new Error(`paperSchedule: epochs must be an integer >= 1, got ${epochs}`);
  }
  if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0 || warmupEpochs > epochs) {
    throw new Error(`paperSchedule: warmupEpochs must be an integer in [0, epochs=${epochs}], got ${warmupEpochs}`);
  }
  const opts: WarmupCosineOptions = {
    peakLr,
    warmupIters: warmupEpochs * itersPerEpoch,
    totalIters: epochs * itersPerEpoch,
  };
  checkOptions(opts);
  return (iter: number) => warmupCosineLr(iter, opts);
}
