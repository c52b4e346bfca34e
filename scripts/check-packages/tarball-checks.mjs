// What a published tarball must and must not contain.
import { readTarball } from "./tar.mjs";

const REPOSITORY_URL = "https://github.com/llmnist/llmnist.git";
/** Packages that download or bundle what users should not get by default. */
const HEAVY = /^(@huggingface\/transformers|onnxruntime-.*|@tensorflow\/tfjs-node(-gpu)?)$/;
const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];

/** Problems found in one package's tarball (empty when it is fine), and its size. */
export function inspectTarball(pkg, tarball) {
  const entries = readTarball(tarball);
  const files = new Map(entries.map((e) => [e.path.replace(/^package\//, ""), e.data]));
  const problems = [];
  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!files.has(required)) problems.push(`missing ${required}`);
  }
  const license = files.get("LICENSE")?.toString("utf8") ?? "";
  if (files.has("LICENSE") && !(license.includes("Apache License") && license.includes("Version 2.0"))) {
    problems.push("LICENSE is not the Apache License 2.0 text");
  }
  for (const [path, data] of files) {
    if (path.endsWith(".map")) problems.push(`ships a source map: ${path}`);
    // TensorFlow.js files keep their "Copyright ... Google LLC" headers when bundled.
    if (/\.(c|m)?js$/.test(path) && data.includes("Google LLC")) problems.push(`inlines TensorFlow.js code (a Google LLC licence header): ${path}`);
  }
  const manifest = files.has("package.json") ? JSON.parse(files.get("package.json").toString("utf8")) : {};
  problems.push(...manifestProblems(pkg, manifest, new Set(files.keys())));
  const bytes = entries.reduce((sum, e) => sum + e.data.length, 0);
  return { problems, fileCount: entries.length, bytes };
}

function manifestProblems(pkg, manifest, paths) {
  const problems = [];
  const where = (field) => `package.json ${field}`;
  if (manifest.license !== "Apache-2.0") problems.push(`${where("license")}: expected "Apache-2.0", got ${JSON.stringify(manifest.license)}`);
  const repo = manifest.repository ?? {};
  if (repo.type !== "git" || repo.url !== REPOSITORY_URL || repo.directory !== pkg.relDir) {
    problems.push(`${where("repository")}: expected {type: "git", url: "${REPOSITORY_URL}", directory: "${pkg.relDir}"}, got ${JSON.stringify(manifest.repository)}`);
  }
  if (typeof manifest.engines?.node !== "string") problems.push(`${where("engines.node")} is missing`);
  if (typeof manifest.sideEffects !== "boolean" && !Array.isArray(manifest.sideEffects)) problems.push(`${where("sideEffects")} must be false or a list of files`);
  if (!Array.isArray(manifest.files) || !manifest.files.includes("LICENSE")) problems.push(`${where("files")} must list LICENSE`);
  if (manifest.optionalDependencies) problems.push(`${where("optionalDependencies")}: none allowed (npm would try to install them): ${Object.keys(manifest.optionalDependencies)}`);

  for (const field of DEPENDENCY_FIELDS.filter((f) => f !== "devDependencies")) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (String(spec).startsWith("workspace:")) problems.push(`${where(field)}: ${name} is still "${spec}"`);
      if (HEAVY.test(name) && !(field === "peerDependencies" && manifest.peerDependenciesMeta?.[name]?.optional === true)) {
        problems.push(`${where(field)}: ${name} may only be an optional peer`);
      }
    }
  }
  // A library must use the user's TensorFlow.js (one copy), so it takes tfjs as peers with a range.
  if (pkg.relDir.startsWith("packages/")) {
    for (const name of Object.keys(manifest.dependencies ?? {}).filter((n) => n.startsWith("@tensorflow/"))) {
      problems.push(`${where("dependencies")}: ${name} must be a peer dependency`);
    }
  }
  for (const [name, spec] of Object.entries(manifest.peerDependencies ?? {})) {
    if (name.startsWith("@tensorflow/") && !String(spec).startsWith("^")) problems.push(`${where("peerDependencies")}: ${name} is "${spec}", expected a range such as ^4.22.0`);
  }
  for (const target of referencedFiles(manifest)) {
    if (!target.includes("*") && !paths.has(target)) problems.push(`package.json points at ${target}, which is not in the tarball`);
  }
  return problems;
}

/** Files named by main/module/types/bin/exports/sideEffects, as paths inside the package. */
function referencedFiles(manifest) {
  const found = new Set();
  const add = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./") || /^[\w@][^:]*\.[cm]?[jt]s$/.test(value)) found.add(value.replace(/^\.\//, ""));
    } else if (value && typeof value === "object") {
      for (const inner of Object.values(value)) add(inner);
    }
  };
  for (const field of ["main", "module", "types", "bin", "exports"]) add(manifest[field]);
  // sideEffects may also name source files (for the package's own build): only dist/ must exist.
  if (Array.isArray(manifest.sideEffects)) manifest.sideEffects.filter((f) => /^(\.\/)?dist\//.test(f)).forEach(add);
  found.delete("package.json");
  return found;
}
