import { UsageError } from "../command.js";

/**
 * Parses image indices such as "0-15" or "3,5,9-12" (inclusive ranges, order kept,
 * duplicates allowed). `count` is the number of images, so every index must be below it.
 */
export function parseIndexRanges(flag: string, text: string, count: number): number[] {
  const out: number[] = [];
  const parts = text.split(",").map((p) => p.trim());
  for (const part of parts) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (match === null) {
      throw new UsageError(`${flag}: ${JSON.stringify(part)} is not an index or a range like 0-15 (in ${JSON.stringify(text)})`);
    }
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new UsageError(`${flag}: range ${part} runs backwards; write ${last}-${first}`);
    if (last >= count) {
      throw new UsageError(`${flag}: index ${last} is out of range: there are ${count} test images (0-${count - 1})`);
    }
    for (let i = first; i <= last; i++) out.push(i);
  }
  return out;
}
