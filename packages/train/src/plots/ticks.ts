/** Rounded tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error(`niceTicks: bounds must be finite, got [${min}, ${max}]`);
  }
  if (max < min) throw new Error(`niceTicks: max (${max}) is below min (${min})`);
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Rounded to the step's decimals so 0.1 + 0.2 shows as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

/** The smallest tick-aligned range that contains [min, max] (a flat range is widened). */
export function niceDomain(min: number, max: number, target = 5): [number, number] {
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    return niceDomain(min - pad, max + pad, target);
  }
  const ticks = niceTicks(min, max, target);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : max - min;
  const lo = ticks[0]! > min ? ticks[0]! - step : ticks[0]!;
  const hi = ticks[ticks.length - 1]! < max ? ticks[ticks.length - 1]! + step : ticks[ticks.length - 1]!;
  return [lo, hi];
}

/** Tick label: no trailing float noise ("0.30000000000000004" -> "0.3"). */
export function tickLabel(v: number): string {
  return String(Number(v.toPrecision(6)));
}
