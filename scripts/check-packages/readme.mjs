// Finds a README's install line and example (the rules are in CONTRIBUTING.md, "Packaging check").

const SHELL = new Set(["bash", "sh", "shell", "console"]);
const CODE = new Set(["js", "javascript", "mjs", "ts", "typescript"]);

/** Fenced code blocks with their language, first line number and the heading path above them. */
export function parseMarkdown(text) {
  const lines = text.split("\n");
  const blocks = [];
  const headings = []; // the open headings, outermost first: { level, title }
  let fence = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (line.trimStart().startsWith(fence.marker) && line.trim() === fence.marker) {
        blocks.push({ lang: fence.lang, line: fence.line, code: fence.body.join("\n"), headings: headings.map((h) => h.title) });
        fence = null;
      } else fence.body.push(line);
      continue;
    }
    const open = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (open) {
      fence = { marker: open[1], lang: open[2].toLowerCase(), line: i + 1, body: [] };
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      while (headings.length > 0 && headings.at(-1).level >= level) headings.pop();
      headings.push({ level, title: heading[2] });
    }
  }
  return blocks;
}

/**
 * The packages the README tells users to install: the first `npm install ...` line of a
 * shell block (flags and a trailing # comment ignored), as written (`name` or `name@range`).
 */
export function findInstallLine(text) {
  for (const block of parseMarkdown(text).filter((b) => SHELL.has(b.lang))) {
    for (const raw of block.code.split("\n")) {
      const line = raw.replace(/^\s*\$\s*/, "").replace(/\s+#.*$/, "").trim();
      const match = /^npm\s+(install|i|add)\s+(.*)$/.exec(line);
      if (!match) continue;
      const specs = match[2].split(/\s+/).filter((token) => token && !token.startsWith("-"));
      if (specs.length > 0) return { line: block.line, command: line, specs };
    }
  }
  return null;
}

/**
 * The example: the first js/ts (or shell) block under a heading that starts with "Example"
 * (any level; also the blocks of its sub-headings).
 */
export function findExample(text) {
  for (const block of parseMarkdown(text)) {
    if (!block.headings.some((title) => /^example\b/i.test(title))) continue;
    if (CODE.has(block.lang)) return { ...block, kind: "code" };
    if (SHELL.has(block.lang) && !/^\s*(\$\s*)?npm\s+(install|i|add)\s/m.test(block.code)) return { ...block, kind: "shell" };
  }
  return null;
}

/** The package name of a spec: `@scope/name@^1` -> `@scope/name`, `name@1` -> `name`. */
export function specName(spec) {
  const at = spec.indexOf("@", spec.startsWith("@") ? 1 : 0);
  return at < 0 ? spec : spec.slice(0, at);
}
