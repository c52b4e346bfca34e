#!/usr/bin/env node
// The packaging check (issue 11): packs every publishable package, installs the tarballs in
// temporary projects outside the repository as a user would (npm, the npm registry for
// everything else), and checks what users get. Builds nothing: run after `pnpm build`
// (`pnpm test` builds first). How README examples are found: CONTRIBUTING.md, "Packaging check".
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copiesOf, duplicates, forbiddenPackages, installScriptOffenders } from "./check-packages/installed-tree.mjs";
import { createProject, runInProject } from "./check-packages/npm-project.mjs";
import { tail } from "./check-packages/processes.mjs";
import { checkReadmeExample } from "./check-packages/readme-example.mjs";
import { inspectTarball } from "./check-packages/tarball-checks.mjs";
import { packAll, publishablePackages } from "./check-packages/workspace.mjs";

const TFJS = "@tensorflow/tfjs@4.22.0";
const FIXTURES = new URL("./check-packages/fixtures/", import.meta.url).pathname;

const work = mkdtempSync(join(tmpdir(), "llmnist-packaging-"));
const cleanUp = () => rmSync(work, { recursive: true, force: true });
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

const results = [];
/** Runs one named check; a thrown Error is its failure message. */
async function check(name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${seconds} s)${detail ? `: ${detail}` : ""}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n${indent(error instanceof Error ? error.message : String(error))}`);
  }
}
const indent = (text) => text.replace(/^/gm, "      ");
const fail = (message) => {
  throw new Error(message);
};

function expectOk(result, what) {
  if (result.status !== 0) fail(`${what} failed (exit ${result.status}):\n${tail(result.output)}`);
  return result.output.trim();
}

async function runChecks() {
  const packages = publishablePackages();
  let tarballs = null;
  await check(`pack ${packages.length} packages (${packages.map((p) => p.relDir).join(", ")})`, () => {
    tarballs = packAll(packages, join(work, "tarballs"));
  });
  if (!tarballs) return; // nothing else can be checked

  for (const pkg of packages) {
    await check(`tarball ${pkg.name}`, () => {
      const { problems, fileCount, bytes } = inspectTarball(pkg, tarballs.get(pkg.name));
      if (problems.length > 0) fail(problems.join("\n"));
      return `${fileCount} files, ${(bytes / 1024).toFixed(0)} KiB unpacked`;
    });
  }

  let all = null;
  await check(`every tarball with ${TFJS}: one copy of each @tensorflow package`, () => {
    all = createProject(join(work, "all"), [...tarballs.keys(), TFJS], tarballs);
    const cores = copiesOf(all.dir, "@tensorflow/tfjs-core");
    if (cores.length !== 1) fail(`expected exactly one @tensorflow/tfjs-core, found ${cores.length}: ${cores.map((c) => `${c.version} in ${c.dir}`).join(", ")}`);
    const twice = duplicates(all.dir, /^@(tensorflow|llmnist)\//);
    if (twice.length > 0) fail(twice.join("\n"));
    return `@tensorflow/tfjs-core ${cores[0].version}`;
  });

  await check("a user's subclass of an nn-layers layer trains, saves and loads in their tf.sequential()", () => {
    if (!all) fail("the project with every tarball was not installed");
    copyFileSync(join(FIXTURES, "consumer-layer.mjs"), join(all.dir, "consumer-layer.mjs"));
    return expectOk(runInProject(all, process.execPath, ["consumer-layer.mjs"]), "consumer-layer.mjs").split("\n").at(-1);
  });

  for (const pkg of packages) {
    await check(`README example of ${pkg.relDir}`, () => checkReadmeExample(pkg, tarballs, join(work, `readme-${pkg.relDir.replace("/", "-")}`)));
  }

  for (const name of ["@llmnist/train", "@llmnist/cli"].filter((n) => tarballs.has(n))) {
    await check(`${name} alone installs without downloads (no install scripts, no tfjs-node, no onnxruntime)`, () => {
      const project = createProject(join(work, `alone-${name.split("/")[1]}`), [name], tarballs);
      const offenders = installScriptOffenders(project.dir);
      const forbidden = forbiddenPackages(project.dir);
      if (offenders.length > 0 || forbidden.length > 0) {
        fail([...offenders.map((o) => `install script: ${o}`), ...forbidden.map((f) => `installed: ${f}`)].join("\n"));
      }
      if (name === "@llmnist/cli") return expectOk(runInProject(project, "llmnist", ["info"]), "llmnist info").split("\n")[0];
      return checkTrainFindsNodeBackends(project);
    });
  }
}

try {
  await runChecks();
} finally {
  cleanUp();
}

/**
 * @llmnist/train says tfjs-node is absent when it is, and finds it (an optional peer, installed
 * next to it by the user) when it is there: here without its native binding (--ignore-scripts).
 */
function checkTrainFindsNodeBackends(project) {
  copyFileSync(join(FIXTURES, "train-backend.mjs"), join(project.dir, "train-backend.mjs"));
  const absent = expectOk(runInProject(project, process.execPath, ["train-backend.mjs"]), "selectBackend without tfjs-node");
  if (!/tfjs-node-gpu: not installed; tfjs-node: not installed;/.test(absent)) fail(`without tfjs-node, expected "tfjs-node-gpu: not installed; tfjs-node: not installed", got:\n${absent}`);
  const add = runInProject(project, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error", "@tensorflow/tfjs-node@4.22.0"], 300_000);
  expectOk(add, "npm install --ignore-scripts @tensorflow/tfjs-node@4.22.0");
  const present = expectOk(runInProject(project, process.execPath, ["train-backend.mjs"]), "selectBackend with tfjs-node");
  if (!/tfjs-node: installed without its native binding/.test(present)) fail(`with tfjs-node (no binding), expected "tfjs-node: installed without its native binding", got:\n${present}`);
  return `${absent.split("\n").at(-1)}; with tfjs-node added: found it`;
}

const failed = results.filter((r) => !r.ok);
console.log(`\npackaging: ${results.length - failed.length} passed, ${failed.length} failed`);
for (const r of failed) console.log(`  failed: ${r.name}`);
process.exit(failed.length > 0 ? 1 : 0);
