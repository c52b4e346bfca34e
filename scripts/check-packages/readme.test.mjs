// node --test scripts/check-packages/: the rules that find a README's install line and example.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findExample, findInstallLine, parseMarkdown, specName } from "./readme.mjs";

const README = [
  "# @llmnist/x",
  "",
  "```bash",
  "pnpm build   # not an install line",
  "npm install @llmnist/x @tensorflow/tfjs-core@^4.22.0 --save  # a comment",
  "```",
  "",
  "## API",
  "",
  "```ts",
  "apiSketch();",
  "```",
  "",
  "## Example: training",
  "",
  "### Set-up",
  "",
  "```ts",
  'import { x } from "@llmnist/x";',
  "```",
  "",
  "```ts",
  "second();",
  "```",
  "",
  "## Errors",
  "",
  "```js",
  "afterwards();",
  "```",
].join("\n");

test("fenced blocks carry their language, line and the headings above them", () => {
  const blocks = parseMarkdown(README);
  assert.deepEqual(
    blocks.map((b) => [b.lang, b.line, b.headings]),
    [
      ["bash", 3, ["@llmnist/x"]],
      ["ts", 10, ["@llmnist/x", "API"]],
      ["ts", 18, ["@llmnist/x", "Example: training", "Set-up"]],
      ["ts", 22, ["@llmnist/x", "Example: training", "Set-up"]],
      ["js", 28, ["@llmnist/x", "Errors"]],
    ],
  );
});

test("the install line is the first npm install of a shell block, without flags and comments", () => {
  assert.deepEqual(findInstallLine(README), {
    line: 3,
    command: "npm install @llmnist/x @tensorflow/tfjs-core@^4.22.0 --save",
    specs: ["@llmnist/x", "@tensorflow/tfjs-core@^4.22.0"],
  });
  assert.equal(findInstallLine("```bash\npnpm add @llmnist/x\n```\n"), null);
});

test("the example is the first code block under an Example heading, sub-headings included", () => {
  const example = findExample(README);
  assert.equal(example.line, 18);
  assert.equal(example.code, 'import { x } from "@llmnist/x";');
  assert.equal(example.kind, "code");
  assert.equal(findExample("## Examples of errors\n\n```ts\nx();\n```\n"), null);
  const shell = findExample("## Example\n\n```bash\nnpm install a\n```\n\n```bash\nnpx a info\n```\n");
  assert.deepEqual([shell.kind, shell.code], ["shell", "npx a info"]);
});

test("specName drops the version of scoped and plain specs", () => {
  assert.equal(specName("@tensorflow/tfjs@4.22.0"), "@tensorflow/tfjs");
  assert.equal(specName("@llmnist/vit"), "@llmnist/vit");
  assert.equal(specName("pngjs@^7"), "pngjs");
});
