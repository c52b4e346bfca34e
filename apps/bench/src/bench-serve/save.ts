import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileStamp } from "../shared/stamp.js";
import { serveJson, serveMarkdown, type ServeReport } from "./report.js";

/** Writes `<outDir>/serve-<stamp>.md` and `.json` (every round's numbers and latencies). */
export async function saveServeRun(outDir: string, date: Date, report: ServeReport): Promise<{ json: string; markdown: string }> {
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `serve-${fileStamp(date)}`);
  const json = `${base}.json`;
  const markdown = `${base}.md`;
  await writeFile(json, serveJson(report));
  await writeFile(markdown, serveMarkdown(report));
  return { json, markdown };
}
