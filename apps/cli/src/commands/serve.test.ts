import { loadMnistSplit } from "@llmnist/mnist-data/node";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../cli.js";
import { capture } from "../test-helpers.js";
import { mnistPng } from "../serve/png.test-helpers.js";

describe("llmnist serve", () => {
  it("prints the bound address of --port 0, serves with --api-key, stops on SIGTERM with exit 0", async () => {
    let stdout = "";
    let stderr = "";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
    try {
      const listeners = process.listenerCount("SIGTERM");
      const running = runCli(["serve", "--port", "0", "--api-key", "k3y", "--max-wait-ms", "1"]);
      for (let waited = 0; !stdout.includes("listening on") && waited < 60_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(API key required\)/.exec(stdout)?.[1];
      expect(url, stdout + stderr).toBeDefined();
      const test = await loadMnistSplit("test");
      const reply = await fetch(`${url}/v1/classify`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer k3y" },
        body: JSON.stringify({ image: mnistPng(test, 0).toString("base64") }),
      });
      expect(((await reply.json()) as { digit: number }).digit).toBe(test.labels[0]);
      process.emit("SIGTERM", "SIGTERM"); // what a real SIGTERM delivers to the listeners
      expect(await running).toBe(0);
      expect(process.listenerCount("SIGTERM")).toBe(listeners);
      expect(stderr).toMatch(/Z POST \/v1\/classify 200 \d+ms \d+B\n/);
      expect(stderr).toContain("SIGTERM: no new connections");
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it("bad flag values are usage errors (exit 2) before any model loads", async () => {
    for (const [flags, message] of [
      [["--port", "70000"], "--port must be at most 65535"],
      [["--max-batch", "0"], "--max-batch must be a positive integer"],
      [["--max-wait-ms", "soon"], "--max-wait-ms must be a non-negative integer"],
      [["--api-key", " "], "must not be empty"],
      [["--backend", "gpu"], "--backend must be one of"],
    ] as const) {
      const { code, stderr } = await capture(() => runCli(["serve", ...flags]));
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
  });

  it("a missing --vl-checkpoint is a usage error naming it", async () => {
    const { code, stderr } = await capture(() => runCli(["serve", "--port", "0", "--vl-checkpoint", "/no/such/model.safetensors"]));
    expect(code).toBe(2);
    expect(stderr).toContain("MnistVL model not found: /no/such/model.safetensors");
  });
});
