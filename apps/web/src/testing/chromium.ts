import { existsSync } from "node:fs";

/** Where Debian's `chromium` package puts the browser (LLMNIST_CHROMIUM overrides). */
export function chromiumCandidates(): string[] {
  const override = process.env.LLMNIST_CHROMIUM;
  return override ? [override] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
}

/** The first Chromium that exists, or undefined. */
export function findChromium(): string | undefined {
  return chromiumCandidates().find((path) => existsSync(path));
}

/** Headless, no GPU, nothing fetched from the network. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/** CI must run the browser tests; elsewhere a missing Chromium only skips them. */
export function browserRequired(): boolean {
  return ["true", "1"].includes((process.env.CI ?? "").toLowerCase());
}
