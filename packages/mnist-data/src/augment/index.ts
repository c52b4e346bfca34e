// Training-image augmentations of 28 x 28 images in [0, 1]: plain TypeScript, browser-safe, no tfjs.
export { augmentImage, normalizePeak } from "./augment-image.js";
export { DEFAULT_AUGMENT, AugmentOptionError, checkAugmentOptions, type AugmentOptions } from "./augment-options.js";
export { distortImage, DEFAULT_DISTORTION, type DistortOptions } from "./distort.js";
export { changeStrokeWidth, sampleStrokeRadius, type StrokeOptions } from "./stroke.js";
export { blurImage, sampleBlurSigma, type BlurOptions } from "./blur.js";
export { adjustContrast, sampleContrast, type ContrastOptions, type ContrastParams } from "./contrast.js";
