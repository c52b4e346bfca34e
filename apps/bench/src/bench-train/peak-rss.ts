/** Samples the resident set size; stop() returns the peak in MB. */
export interface PeakRssSampler {
  stop(): number;
}

const MB = 1024 * 1024;

/**
 * Peak RSS of this process: the larger of periodic samples and the kernel's own high-water
 * mark (getrusage maxrss), which also catches peaks between samples. Samples only run when
 * the event loop is free, so the kernel's figure is what counts during a long synchronous step.
 */
export function startPeakRssSampler(intervalMs = 50): PeakRssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const sampled = Math.max(peak, process.memoryUsage.rss());
      // resourceUsage().maxRSS is in kilobytes.
      return Math.max(sampled, process.resourceUsage().maxRSS * 1024) / MB;
    },
  };
}
