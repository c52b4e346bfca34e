// Sensor/scanner noise, added in Node where it is seeded (Chromium's canvas has no seeded noise).

/** Adds Gaussian noise of `sigma` gray levels to the picture in place, rounding and clamping to 0..255. */
export function addNoise(gray, sigma, rng) {
  if (sigma <= 0) return gray;
  for (let i = 0; i < gray.length; i++) gray[i] = Math.min(255, Math.max(0, Math.round(gray[i] + sigma * rng.normal())));
  return gray;
}
