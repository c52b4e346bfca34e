import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.js";
import { COMMANDS } from "./commands/index.js";
import { capture, tempDir } from "./test-helpers.js";

const cli = (...argv: string[]) => capture(() => runCli(argv));

describe("llmnist (dispatch and help)", () => {
  it("--help lists every command and exits 0", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    for (const name of ["train", "eval", "predict", "logits", "info"]) expect(stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it("with no command prints the usage and exits 2", async () => {
    const { code, stdout } = await cli();
    expect(code).toBe(2);
    expect(stdout).toContain("usage: llmnist <command>");
  });

  it("an unknown command is named, with the usage, exit 2", async () => {
    const { code, stderr } = await cli("trian");
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "trian"');
    expect(stderr).toContain("usage: llmnist <command>");
  });

  it("<command> --help prints that command's usage with an example", async () => {
    for (const command of COMMANDS) {
      const { code, stdout } = await cli(command.name, "--help");
      expect(code).toBe(0);
      expect(stdout).toContain(`usage: llmnist ${command.name}`);
      expect(stdout).toMatch(/example: llmnist /);
    }
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect((await cli("--version")).stdout.trim()).toBe(pkg.version);
  });
});

describe("llmnist (bad input)", () => {
  it("an unknown flag is named, followed by the command's usage, exit 2", async () => {
    const { code, stderr } = await cli("train", "--epoch", "3");
    expect(code).toBe(2);
    expect(stderr).toContain("llmnist train: unknown flag --epoch");
    expect(stderr).toContain("usage: llmnist train");
  });

  it("a bad flag value says what was expected and what was given", async () => {
    const { code, stderr } = await cli("train", "--epochs", "ten");
    expect(code).toBe(2);
    expect(stderr).toContain('--epochs must be a positive integer, got "ten"');
    const loss = await cli("train", "--loss", "mse");
    expect(loss.stderr).toContain('--loss must be one of ce, cpo, cpo-all, cpo-ce, cpo-margin, got "mse"');
    const backend = await cli("info", "--backend", "gpu");
    expect(backend.stderr).toContain('--backend must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu, got "gpu"');
  });

  it("a missing required flag or file is a usage error", async () => {
    expect((await cli("eval")).stderr).toContain("--checkpoint FILE is required");
    const missing = await cli("eval", "--checkpoint", "/nonexistent/model.safetensors");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("checkpoint not found: /nonexistent/model.safetensors");
    expect((await cli("predict")).stderr).toContain("give at least one PNG image");
    expect((await cli("predict", "/nonexistent/seven.png")).stderr).toContain("image not found: /nonexistent/seven.png");
  });

  it("a corrupt checkpoint fails with exit 1 and a message naming the file", async () => {
    const file = join(tempDir("corrupt"), "broken.safetensors");
    writeFileSync(file, "this is not a safetensors file");
    const { code, stderr } = await cli("eval", "--checkpoint", file);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`llmnist eval: error: .*${file.replace(/[/.]/g, "\\$&")}`));
  });
});
