import { toGray } from "@llmnist/mnist-data";
import { detectCanvases, pictureCanvas, type VitDetector } from "@llmnist/vit-detector";
import type { WebDetection } from "./protocol.js";

/** Greedy NMS overlap, as `llmnist detect` uses by default. */
const NMS_IOU = 0.5;

/** Every digit the detector finds in an RGBA picture, boxes in its pixels, best first. */
export function detectDigits(model: VitDetector, image: ImageData, scoreThreshold: number): WebDetection[] {
  const { width, height, data } = image;
  // The border's median says the polarity: the pad is white paper with dark ink.
  const canvas = pictureCanvas(toGray({ width, height, channels: 4, data }, "the detection pad"), "the detection pad");
  const [found] = detectCanvases(model, [canvas], { scoreThreshold, nmsIou: NMS_IOU });
  return found!.map(({ box, digit, score }) => ({ box: [box[0], box[1], box[2], box[3]], digit, score }));
}
