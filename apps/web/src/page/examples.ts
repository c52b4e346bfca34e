import { fetchJson, pageUrl } from "./fetch-bytes.js";
import type { ExampleCanvas } from "./protocol.js";

/** The example canvases the build made (examples/index.json), fetched once. */
let index: Promise<ExampleCanvas[]> | null = null;

export function exampleIndex(): Promise<ExampleCanvas[]> {
  index ??= fetchJson("./examples/index.json").then((list) => {
    if (!Array.isArray(list) || list.length === 0) throw new Error(`examples/index.json: expected a non-empty array of example canvases, got ${JSON.stringify(list).slice(0, 80)}`);
    return list as ExampleCanvas[];
  });
  index.catch(() => (index = null)); // a failed fetch is tried again on the next click
  return index;
}

/** An example's picture, decoded and ready to draw. */
export async function exampleImage(example: ExampleCanvas): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = pageUrl(`./examples/${example.image}`);
  await image.decode().catch(() => {
    throw new Error(`examples/${example.image}: the picture did not load or decode`);
  });
  return image;
}
