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
 * A base64 PNG read by `read` (e.g. to MNIST form, or at its own size), after its declared size
 * is checked, so a small file claiming a huge picture (a "PNG bomb") is refused unread. What
 * `read` throws becomes a 400 naming `field`.
 */
export function decodePngField<T>(value: unknown, field: string, read: (bytes: Buffer) => T): T {
  const bytes = pngBytesFromBase64(value, field);
  const size = readPngSize(bytes);
  if (size === null) throw badRequest(`${field} is not a PNG image`, "invalid_image");
  const { width, height } = size;
  if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new ApiError(400, "image_too_large", `${field} declares ${width}x${height} pixels; at most ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE} (and at least 1x1) are accepted`);
  }
  try {
    return read(bytes);
  } catch (error) {
    throw badRequest((error as Error).message, "invalid_image");
  }
}

/** A base64 PNG as the 784 pixels the models read, through `llmnist predict`'s transform (decodePng, then toMnistDigit). */
export function decodeImageField(value: unknown, field: string): Float32Array {
  return decodePngField(value, field, (bytes) => toMnistDigit(decodePng(bytes, field), field).pixels);
}

/**
 * The pictures of a body with `"image"` (one, `single`) or `"images"` (a list of at most
 * `max`), each decoded by `decode(value, field)`; a 400 naming the field otherwise.
 */
export function imageFields<T>(body: Record<string, unknown>, max: number, decode: (value: unknown, field: string) => T): { items: T[]; single: boolean } {
  const hasOne = body.image !== undefined;
  const hasMany = body.images !== undefined;
  if (hasOne === hasMany) throw badRequest('give either "image" (a base64 PNG) or "images" (a list of them)', hasOne ? "invalid_request" : "missing_field");
  if (hasOne) return { items: [decode(body.image, "image")], single: true };
  const images = body.images;
  if (!Array.isArray(images)) throw badRequest("images must be an array of base64 PNGs", "invalid_type");
  if (images.length === 0) throw badRequest("images is empty", "invalid_value");
  if (images.length > max) throw badRequest(`at most ${max} images per request, got ${images.length}`, "invalid_value");
  return { items: images.map((image, i) => decode(image, `images[${i}]`)), single: false };
}
