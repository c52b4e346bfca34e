import { CanvasOptionError, type CanvasSize } from "@llmnist/detect";
import { UsageError } from "../command.js";

/** `--sizes 128x128,256x192`: WIDTHxHEIGHT pairs (range checks are the library's). */
export function parseSizes(value: string): CanvasSize[] {
  return value.split(",").map((part) => {
    const match = /^\s*(\d+)\s*x\s*(\d+)\s*$/i.exec(part);
    if (!match) throw new UsageError(`--sizes: expected WIDTHxHEIGHT pairs separated by commas (e.g. 128x128,256x192), got ${JSON.stringify(part)} in ${JSON.stringify(value)}`);
    return { width: Number(match[1]), height: Number(match[2]) };
  });
}

/** `--scale 0.6-2.0` (a range) or `--scale 1.5` (one scale). */
export function parseScale(value: string): [number, number] {
  const num = String.raw`(\d+(?:\.\d*)?|\.\d+)`;
  const match = new RegExp(`^\\s*${num}\\s*(?:-\\s*${num}\\s*)?$`).exec(value);
  if (!match) throw new UsageError(`--scale: expected MIN-MAX (e.g. 0.6-2.0) or one number, got ${JSON.stringify(value)}`);
  const lo = Number(match[1]);
  return [lo, match[2] === undefined ? lo : Number(match[2])];
}

const FLAGS: Record<string, string> = {
  count: "--count",
  seed: "--seed",
  width: "--width",
  height: "--height",
  sizes: "--sizes",
  minDigits: "--min-digits",
  maxDigits: "--max-digits",
  scale: "--scale",
  polarity: "--polarity",
  noise: "--noise",
  clutter: "--clutter",
};

/** A library option error as a usage error naming the flag, e.g. `--width: expected an integer in [16, 4096], got 8`. */
export function asUsageError(error: CanvasOptionError): UsageError {
  const entry = /^sizes\[(\d+)\]\.(width|height)$/.exec(error.field);
  const flag = entry ? `--sizes (size ${Number(entry[1]) + 1}, ${entry[2]})` : (FLAGS[error.field] ?? error.field);
  return new UsageError(`${flag}: ${error.detail.replace("minDigits", "--min-digits")}`);
}
