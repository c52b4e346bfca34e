// Turns a README example into runnable ES module and CommonJS files, and lists what it imports.
import { builtinModules, createRequire } from "node:module";
import { specName } from "./readme.mjs";
import { ROOT } from "./workspace.mjs";

/** TypeScript from the repository's devDependencies, only to strip types (no type check). */
const ts = createRequire(`${ROOT}/package.json`)("typescript");

function transpile(code, module, fileName) {
  const out = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module, esModuleInterop: true, verbatimModuleSyntax: false, isolatedModules: true },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const messages = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    throw new Error(`${fileName}: the example does not parse: ${messages.join("; ")}`);
  }
  return out.outputText;
}

/** The example as an ES module (types stripped), as a user would run it with tsx or node. */
export function toEsm(code, lang) {
  return lang.startsWith("ts") || lang === "typescript" ? transpile(code, ts.ModuleKind.ESNext, "example.ts") : code;
}

/**
 * The same example as CommonJS: imports become require(), and the body runs inside an async
 * function (CommonJS has no top-level await). import.meta.url becomes the file's URL.
 */
export function toCommonJs(code, lang) {
  const esm = toEsm(code, lang).replace(/\bimport\.meta\.url\b/g, 'require("node:url").pathToFileURL(__filename).href');
  const cjs = transpile(esm, ts.ModuleKind.CommonJS, "example.ts");
  return `(async () => {\n${cjs}\n})().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

/** The packages an example imports (bare specifiers, reduced to package names; Node built-ins left out). */
export function importedPackages(code) {
  const names = new Set();
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1];
      if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) continue;
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
      if (builtinModules.includes(name)) continue;
      names.add(specName(name));
    }
  }
  return [...names].sort();
}
