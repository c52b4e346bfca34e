/**
 * Ground truth and detections after validation, in the flat form the evaluation reads.
 * Images and categories are numbered by ascending id (pycocotools sorts both); the rest keep
 * file order, which decides pycocotools' tie-breaking.
 */
export interface CheckedGroundTruth {
  /** Image ids, ascending. */
  imageIds: number[];
  /** Category ids, ascending, and their names. */
  categoryIds: number[];
  categoryNames: string[];
  /** Per annotation, in file order. */
  annotations: {
    count: number;
    id: Float64Array;
    imageIndex: Int32Array;
    categoryIndex: Int32Array;
    bbox: Float64Array; // [n, 4] x, y, width, height
    area: Float64Array;
    crowd: Uint8Array;
  };
  imageIndexById: Map<number, number>;
  categoryIndexById: Map<number, number>;
}

/** Per detection, in file order. */
export interface CheckedDetections {
  count: number;
  imageIndex: Int32Array;
  categoryIndex: Int32Array;
  bbox: Float64Array; // [n, 4] x, y, width, height
  score: Float64Array;
}
