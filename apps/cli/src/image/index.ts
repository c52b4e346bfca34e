export { asciiArt } from "./ascii-art.js";
export { crop, inkBoundingBox, type Box } from "./bounding-box.js";
export { centerOfMass, placeByCenterOfMass } from "./center-of-mass.js";
export { decodePng } from "./decode-png.js";
export { checkGrayImage, type GrayImage } from "./gray-image.js";
export { borderPixels, median, MIN_CONTRAST, quantile, toInk, type InkImage } from "./ink.js";
export { resample } from "./resample.js";
export { rgbaToGray } from "./to-gray.js";
export { MNIST_DIGIT_BOX, MNIST_FIELD, toMnistDigit, type MnistDigit } from "./to-mnist.js";
