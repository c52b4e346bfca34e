const SHADES = " .:-=+*#%@";

/** A square image in [0, 1] as text, two characters a pixel so it looks square in a terminal. */
export function asciiArt(pixels: Float32Array, size = 28): string {
  const lines: string[] = [];
  for (let y = 0; y < size; y++) {
    let line = "";
    for (let x = 0; x < size; x++) {
      const v = Math.min(1, Math.max(0, pixels[y * size + x] ?? 0));
      const c = SHADES[Math.min(SHADES.length - 1, Math.floor(v * SHADES.length))]!;
      line += c + c;
    }
    lines.push(line.trimEnd());
  }
  return lines.join("\n");
}
