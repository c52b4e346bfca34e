// Gray pictures to PNG (pngjs, a root devDependency): one picture, or a grid of them.
import { PNG } from "pngjs";

/** An 8-bit gray PNG (written as RGBA by pngjs) of `width` x `height` bytes. */
export function grayPng(gray, width, height) {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([gray[i], gray[i], gray[i], 255], 4 * i);
  return PNG.sync.write(png, { colorType: 0 });
}

/**
 * Tiles equal-sized gray pictures (`size` x `size` each) in rows of `columns`, `gap` pixels
 * of mid gray between them, so light-on-dark and dark-on-light pictures both show their edges.
 */
export function contactSheet(pictures, size, columns, gap = 2) {
  const rows = Math.ceil(pictures.length / columns);
  const width = columns * size + (columns + 1) * gap;
  const height = rows * size + (rows + 1) * gap;
  const sheet = new Uint8Array(width * height).fill(128);
  pictures.forEach((pic, k) => {
    const left = gap + (k % columns) * (size + gap);
    const top = gap + Math.floor(k / columns) * (size + gap);
    for (let y = 0; y < size; y++) sheet.set(pic.subarray(y * size, (y + 1) * size), (top + y) * width + left);
  });
  return grayPng(sheet, width, height);
}
