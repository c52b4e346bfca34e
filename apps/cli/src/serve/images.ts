import { toMnistDigit } from "@llmnist/mnist-data";
import { decodePng } from "../image/decode-png.js";
import { ApiError, badRequest } from "./errors.js";
import { jsonType } from "./fields.js";
import { readPngSize } from "./png-header.js";

/** Largest width or height a PNG may declare (checked in its header before anything is decoded). */
export const MAX_IMAGE_SIDE = 4096;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^,]*?),/i;

/** The PNG bytes of a base64 string or a `data:image/png;base64,...` URL; a 400 naming `field` otherwise. */
export function pngBytesFromBase64(value: unknown, field: string): Buffer {
  if (typeof value !== "string") throw badRequest(`${field} must be a string (base64 PNG or data:image/png;base64 URL), got ${jsonType(value)}`, "invalid_type");
  let base64 = value;
  const url = DATA_URL.exec(value);
  if (url) {
    const parts = url[1]!.toLowerCase().split(";").map((p) => p.trim());
    if (parts[0] !== "image/png") throw badRequest(`${field}: only PNG images are supported (data:image/png;base64,...), got data:${url[1]}`, "invalid_image");
    if (!parts.includes("base64")) throw badRequest(`${field}: the data URL must be base64-encoded (data:image/png;base64,...)`, "invalid_base64");
    base64 = value.slice(url[0].length);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    throw badRequest(`${field}: only base64 data is accepted (a data:image/png;base64 URL), not a link`, "invalid_image");
  }
  base64 = base64.replace(/\s+/g, "");
  if (base64 === "" || !BASE64.test(base64) || base64.length % 4 === 1) throw badRequest(`${field} is not valid base64`, "invalid_base64");
  return Buffer.from(base64, "base64");
}

/**
 * A base64 PNG as the 784 pixels the models read, through the same transform as
 * `llmnist predict` (decodePng, then toMnistDigit). The declared size is checked before
 * decoding, so a small file claiming a huge picture (a "PNG bomb") is refused unread.
 */
export function decodeImageField(value: unknown, field: string): Float32Array {
  const bytes = pngBytesFromBase64(value, field);
  const size = readPngSize(bytes);
  if (size === null) throw badRequest(`${field} is not a PNG image`, "invalid_image");
  const { width, height } = size;
  if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new ApiError(400, "image_too_large", `${field} declares ${width}x${height} pixels; at most ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE} (and at least 1x1) are accepted`);
  }
  try {
    return toMnistDigit(decodePng(bytes, field), field).pixels;
  } catch (error) {
    throw badRequest((error as Error).message, "invalid_image");
  }
}
