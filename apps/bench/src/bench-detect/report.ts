import type { MachineInfo } from "../shared/machine.js";
import type { DetectCell } from "./measure.js";

export interface DetectReport {
  date: string;
  command: string;
  machine: MachineInfo;
  backend: string;
  model: string;
  params: number;
  rounds: number;
  canvases: number;
  cells: DetectCell[];
}

/** The report as Markdown: one row per size and batch. */
export function detectMarkdown(r: DetectReport): string {
  const rows = r.cells.map(
    (c) => `| ${c.width}x${c.height} | ${c.batch} | ${c.median_canvases_per_s.toFixed(1)} | ${(1000 / c.median_canvases_per_s).toFixed(1)} | ${c.canvases_per_s.map((v) => v.toFixed(1)).join(", ")} | ${c.detections_per_canvas.toFixed(2)} |`,
  );
  return [
    `# Detector inference speed, ${r.date}`,
    "",
    `\`${r.command}\``,
    "",
    `Model: ${r.model} (${r.params.toLocaleString("en-US")} parameters). ${r.backend}. Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}.`,
    `Each cell: ${r.canvases} seeded canvases of MNIST test digits (1-4 digits each), forward pass + decoding + NMS (score >= 0.3, IoU 0.5), ${r.rounds} rounds; the median is reported.`,
    "",
    "| canvas | batch | canvases/s (median) | ms per canvas | rounds | detections per canvas |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

export const detectJson = (r: DetectReport): string => JSON.stringify(r, null, 2) + "\n";
