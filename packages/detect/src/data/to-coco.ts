import type { CocoAnnotation, CocoCategory, CocoGroundTruth, CocoImage } from "../coco/types.js";
import type { Canvas } from "./canvas.js";

/** What the COCO export reads of a canvas (the pixels may already be gone). */
export type CanvasLabels = Pick<Canvas, "width" | "height" | "objects"> & Partial<Pick<Canvas, "polarity">>;

/** A COCO image of a synthetic set: `polarity` is extra (COCO tools ignore it). */
export interface SyntheticCocoImage extends CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  polarity?: Canvas["polarity"];
}

/** A COCO annotation of a synthetic set: `source_index` (the digit's index in its split) is extra. */
export interface SyntheticCocoAnnotation extends CocoAnnotation {
  iscrowd: 0;
  source_index: number;
}

export interface SyntheticCocoGroundTruth extends CocoGroundTruth {
  images: SyntheticCocoImage[];
  annotations: SyntheticCocoAnnotation[];
  categories: Array<CocoCategory & { name: string }>;
}

/** The ten categories: id = the digit (0..9), name = the digit as text. */
export const DIGIT_CATEGORIES: ReadonlyArray<{ id: number; name: string }> = Array.from({ length: 10 }, (_, d) => ({ id: d, name: String(d) }));

/**
 * COCO ground truth for `canvases` (`evaluateCoco` and pycocotools read it): image k has id
 * k + 1 and file name `fileNames[k]`; annotations are numbered from 1 in canvas and placement
 * order, `category_id` = the digit, `bbox` = `[x1, y1, x2 - x1, y2 - y1]` (COCO's
 * `[x, y, width, height]`, in pixels), `area` = width * height, `iscrowd` 0.
 */
export function toCocoGroundTruth(canvases: readonly CanvasLabels[], fileNames: readonly string[]): SyntheticCocoGroundTruth {
  if (fileNames.length !== canvases.length) {
    throw new Error(`toCocoGroundTruth: fileNames has ${fileNames.length} names but there are ${canvases.length} canvases`);
  }
  const images: SyntheticCocoImage[] = [];
  const annotations: SyntheticCocoAnnotation[] = [];
  canvases.forEach((canvas, k) => {
    const image: SyntheticCocoImage = { id: k + 1, file_name: fileNames[k]!, width: canvas.width, height: canvas.height };
    if (canvas.polarity !== undefined) image.polarity = canvas.polarity;
    images.push(image);
    for (const { box, digit, sourceIndex } of canvas.objects) {
      const [x1, y1, x2, y2] = box;
      annotations.push({
        id: annotations.length + 1,
        image_id: k + 1,
        category_id: digit,
        bbox: [x1, y1, x2 - x1, y2 - y1],
        area: (x2 - x1) * (y2 - y1),
        iscrowd: 0,
        source_index: sourceIndex,
      });
    }
  });
  return { images, annotations, categories: DIGIT_CATEGORIES.map((c) => ({ ...c })) };
}
