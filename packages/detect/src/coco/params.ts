/** `count` evenly spaced values from `start` to `stop` computed as NumPy's `linspace` does (i * step + start, last = stop), so they are bit-equal to pycocotools'. */
export function linspace(start: number, stop: number, count: number): Float64Array {
  const step = (stop - start) / (count - 1);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = i * step + start;
  out[count - 1] = stop;
  return out;
}

/** COCOeval's default bbox parameters (`Params.setDetParams`). */
export const IOU_THRESHOLDS = linspace(0.5, 0.95, 10); // .50:.05:.95
export const RECALL_THRESHOLDS = linspace(0, 1, 101); // 0:.01:1, the 101-point interpolation
export const MAX_DETECTIONS = [1, 10, 100] as const;

export interface AreaRange {
  label: "all" | "small" | "medium" | "large";
  /** Inclusive bounds on the area, in square pixels. */
  min: number;
  max: number;
}

export const AREA_RANGES: readonly AreaRange[] = [
  { label: "all", min: 0, max: 1e5 ** 2 },
  { label: "small", min: 0, max: 32 ** 2 },
  { label: "medium", min: 32 ** 2, max: 96 ** 2 },
  { label: "large", min: 96 ** 2, max: 1e5 ** 2 },
];
