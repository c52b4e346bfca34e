// node --test scripts/check-packages/: the tarball reader against the system's tar.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readTarball } from "./tar.mjs";

test("reads every file of a gzipped tar, long names and empty files included", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmnist-tar-"));
  try {
    const longDir = `package/${"d".repeat(120)}`;
    mkdirSync(join(dir, longDir), { recursive: true });
    writeFileSync(join(dir, "package", "package.json"), '{"name":"x"}');
    writeFileSync(join(dir, "package", "empty.txt"), "");
    writeFileSync(join(dir, longDir, "big.bin"), Buffer.alloc(1500, 7));
    const tgz = join(dir, "x.tgz");
    const made = spawnSync("tar", ["-czf", tgz, "package"], { cwd: dir, encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const entries = new Map(readTarball(tgz).map((e) => [e.path, e.data]));
    assert.deepEqual([...entries.keys()].sort(), [`${longDir}/big.bin`, "package/empty.txt", "package/package.json"]);
    assert.equal(entries.get("package/package.json").toString(), '{"name":"x"}');
    assert.equal(entries.get("package/empty.txt").length, 0);
    assert.deepEqual(entries.get(`${longDir}/big.bin`), Buffer.alloc(1500, 7));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
