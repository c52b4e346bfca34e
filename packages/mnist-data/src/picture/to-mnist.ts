import { MNIST_IMAGE_SIZE } from "../split.js";
import { crop, inkBoundingBox, type Box } from "./bounding-box.js";
import { placeByCenterOfMass } from "./center-of-mass.js";
import type { GrayImage } from "./gray-image.js";
import { toInk } from "./ink.js";
import type { PixelImage } from "./pixel-image.js";
import { resample } from "./resample.js";
import { toGray } from "./to-gray.js";

/** MNIST's digits are normalised to fit 20x20 and centred in a 28x28 field. */
export const MNIST_DIGIT_BOX = 20;

export interface MnistDigit {
  /** 784 values in [0, 1], row-major 28x28, light digit on black, like `loadMnist` images. */
  pixels: Float32Array;
  /** Whether the input was dark-on-light and got inverted. */
  inverted: boolean;
  /** The ink's bounding box in the input picture. */
  inkBox: Box;
  /** Size of the scaled digit before centring. */
  scaledWidth: number;
  scaledHeight: number;
}

/**
 * Brings any picture of one digit to MNIST form, the way MNIST was made: gray (alpha over
 * white), find the ink (inverting dark-on-light drawings), crop its bounding box, scale the
 * longer side to 20 px keeping the aspect ratio (anti-aliased), then place it in 28x28 with
 * its centre of mass at the centre. `source` names the picture in errors (e.g. a blank one).
 */
export function toMnistDigit(image: PixelImage, source = "image"): MnistDigit {
  return grayToMnistDigit(toGray(image, source), source);
}

/** Just the 784 pixels of `toMnistDigit`: a Float32Array in [0, 1], ready for a model. */
export function toMnistImage(image: PixelImage, source = "image"): Float32Array {
  return toMnistDigit(image, source).pixels;
}

function grayToMnistDigit(image: GrayImage, source: string): MnistDigit {
  const { ink, width, height, inverted } = toInk(image, source);
  const inkBox = inkBoundingBox(ink, width, height);
  if (inkBox === null) throw new Error(`${source}: no digit found: the image is blank`);
  const boxWidth = inkBox.right - inkBox.left;
  const boxHeight = inkBox.bottom - inkBox.top;
  const scale = MNIST_DIGIT_BOX / Math.max(boxWidth, boxHeight);
  const scaledWidth = Math.max(1, Math.round(boxWidth * scale));
  const scaledHeight = Math.max(1, Math.round(boxHeight * scale));
  const scaled = resample(crop(ink, width, inkBox), boxWidth, boxHeight, scaledWidth, scaledHeight);
  const { pixels } = placeByCenterOfMass(scaled, scaledWidth, scaledHeight, MNIST_IMAGE_SIZE);
  return { pixels, inverted, inkBox, scaledWidth, scaledHeight };
}
