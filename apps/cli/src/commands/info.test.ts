import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture } from "../test-helpers.js";

interface Info {
  versions: Record<string, string | null>;
  node: string;
  backend: { name: string; reason: string; tried: Array<{ name: string; ok: boolean; detail: string }> };
  mnist: { dir: string; files_found: number; files_expected: number };
}

const version = (path: string): string => (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { version: string }).version;

describe("llmnist info", () => {
  it("--json gives versions, node, the backend with every attempt, and the MNIST folder", async () => {
    const { code, stdout } = await capture(() => runCli(["info", "--json"]));
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as Info;
    expect(info.versions["@llmnist/cli"]).toBe(version("../../package.json"));
    expect(info.versions["@llmnist/vit"]).toBe(version("../../../../packages/vit/package.json"));
    expect(info.versions["@tensorflow/tfjs-core"]).toBe("4.22.0");
    expect(info.node).toBe(process.version);
    // The chosen backend is the last one tried, and the only one that worked.
    const last = info.backend.tried.at(-1)!;
    expect(last).toMatchObject({ name: info.backend.name, ok: true });
    expect(info.backend.tried.slice(0, -1).every((t) => !t.ok)).toBe(true);
    expect(info.backend.reason.length).toBeGreaterThan(0);
    expect(info.mnist).toMatchObject({ files_found: 4, files_expected: 4 });
  });

  it("prints the same facts for people", async () => {
    const { code, stdout } = await capture(() => runCli(["info", "--backend", "cpu"]));
    expect(code).toBe(0);
    expect(stdout).toContain(`node ${process.version}`);
    expect(stdout).toMatch(/^backend: cpu \(/m);
    expect(stdout).toMatch(/^MNIST: .+ \(4 of 4 files found\)$/m);
    expect(stdout).toMatch(/^default model: /m);
  });
});
