/** An image of a COCO ground-truth file (only `id` is used). */
export interface CocoImage {
  id: number;
  width?: number;
  height?: number;
  file_name?: string;
}

/** A ground-truth object: `bbox` is `[x, y, width, height]` in pixels; `area` decides its area range. */
export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: number[];
  area: number;
  /** 1 (or true): a crowd region; detections on it are neither true nor false positives. Absent: 0. */
  iscrowd?: number | boolean;
}

export interface CocoCategory {
  id: number;
  name?: string;
  supercategory?: string;
}

/** COCO's ground-truth JSON (instances file). */
export interface CocoGroundTruth {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

/** One entry of COCO's results JSON: `bbox` is `[x, y, width, height]`. */
export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
}

/** The 12 numbers of pycocotools' `COCOeval.summarize()` (`stats[0..11]`); -1 where COCO gives -1 (no ground truth). */
export interface CocoStats {
  /** AP @[IoU=0.50:0.95 | area=all | maxDets=100] */
  map: number;
  /** AP @[IoU=0.50 | area=all | maxDets=100] */
  map_50: number;
  /** AP @[IoU=0.75 | area=all | maxDets=100] */
  map_75: number;
  /** AP @[IoU=0.50:0.95 | area=small | maxDets=100] */
  map_small: number;
  /** AP @[IoU=0.50:0.95 | area=medium | maxDets=100] */
  map_medium: number;
  /** AP @[IoU=0.50:0.95 | area=large | maxDets=100] */
  map_large: number;
  /** AR @[IoU=0.50:0.95 | area=all | maxDets=1] */
  mar_1: number;
  /** AR @[IoU=0.50:0.95 | area=all | maxDets=10] */
  mar_10: number;
  /** AR @[IoU=0.50:0.95 | area=all | maxDets=100] */
  mar_100: number;
  /** AR @[IoU=0.50:0.95 | area=small | maxDets=100] */
  mar_small: number;
  /** AR @[IoU=0.50:0.95 | area=medium | maxDets=100] */
  mar_medium: number;
  /** AR @[IoU=0.50:0.95 | area=large | maxDets=100] */
  mar_large: number;
}

/** One category's AP (area all, maxDets 100); -1 when it has no (non-crowd) ground truth. */
export interface CocoClassAp {
  categoryId: number;
  name: string;
  /** AP @[IoU=0.50:0.95] */
  ap: number;
  /** AP @[IoU=0.50] */
  ap50: number;
}
