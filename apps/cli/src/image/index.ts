// The picture-to-MNIST transform itself is @llmnist/mnist-data's (toMnistDigit, toMnistImage, toGray).
export { asciiArt } from "./ascii-art.js";
export { decodePng } from "./decode-png.js";
