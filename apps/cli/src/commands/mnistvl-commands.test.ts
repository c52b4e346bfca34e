import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli.js";
import { capture, SHARED_FIXTURES, tempDir } from "../test-helpers.js";

const QWEN2_TINY = join(SHARED_FIXTURES, "qwen2-tiny");
const expected = JSON.parse(readFileSync(join(QWEN2_TINY, "expected.json"), "utf8")) as { input_ids: number[][]; logits: number[][][] };

describe("llmnist lm-logits", () => {
  it("prints the Hugging Face reference logits of the tiny Qwen2 fixture, one row per position", async () => {
    const ids = expected.input_ids[0]!;
    const { code, stdout } = await capture(() => runCli(["lm-logits", "--model", QWEN2_TINY, "--ids", ids.join(","), "--json"]));
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as number[][];
    expect(rows).toHaveLength(ids.length);
    let worst = 0;
    rows.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected.logits[0]![i]![j]!)))));
    expect(worst).toBeLessThan(1e-4);
  });

  it("needs --model and --ids", async () => {
    const { code, stderr } = await capture(() => runCli(["lm-logits", "--ids", "1,2"]));
    expect(code).toBe(2);
    expect(stderr).toContain("--model DIR|ID is required");
  });

  it("--model owner/name downloads from HF_ENDPOINT into LLMNIST_HF_CACHE once, then uses the cache", async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const file = /^\/tiny\/qwen2\/resolve\/main\/(config\.json|model\.safetensors)$/.exec(req.url ?? "")?.[1];
      if (file === undefined) return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(join(QWEN2_TINY, file)));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const cache = tempDir("hub");
    try {
      const ids = expected.input_ids[0]!;
      const run = () => withEnv({ HF_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, LLMNIST_HF_CACHE: cache }, () => runCli(["lm-logits", "--model", "tiny/qwen2", "--ids", ids.join(","), "--json"]));
      const first = await capture(run);
      expect(first.code).toBe(0);
      expect(first.stderr).toContain(`hub: tiny/qwen2 -> ${join(cache, "tiny--qwen2", "main")}`);
      const rows = JSON.parse(first.stdout) as number[][];
      rows.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected.logits[0]![i]![j]!)).toBeLessThan(1e-4)));
      expect(requests).toContain("/tiny/qwen2/resolve/main/model.safetensors");
      const before = requests.length;
      const second = await capture(run);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(requests.length).toBe(before);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it("--model that is neither a folder nor a hub id is a usage error naming it", async () => {
    const { code, stderr } = await capture(() => runCli(["lm-logits", "--model", "./no/such/folder", "--ids", "1"]));
    expect(code).toBe(2);
    expect(stderr).toContain("--model: ./no/such/folder: no such folder, and not a Hugging Face model id");
  });
});

describe("llmnist vl-train (qlora preset)", () => {
  it("without --model fetches the preset's hub id; an unreachable hub says to pass --model DIR", async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((done) => probe.close(done));
    const { code, stderr } = await capture(() =>
      withEnv({ HF_ENDPOINT: `http://127.0.0.1:${port}`, LLMNIST_HF_CACHE: tempDir("hub") }, () => runCli(["vl-train", "--preset", "qwen2.5-1.5b-instruct", "--out", tempDir("qlora")])),
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot reach http://127.0.0.1:${port} to download Qwen/Qwen2.5-1.5B-Instruct (ECONNREFUSED)`);
    expect(stderr).toContain("Pass a local model folder instead (--model DIR)");
  });
});

/** Runs `fn` with environment variables set, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("llmnist vl-eval", () => {
  it("reads the first 40 MNIST test images with the shipped small model (the default), almost all right", async () => {
    const { code, stdout } = await capture(() => runCli(["vl-eval", "--limit", "40", "--json"]));
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { accuracy: number; unparsed: number };
    expect(result.accuracy).toBeGreaterThanOrEqual(95);
    expect(result.unparsed).toBe(0);
  }, 300_000);
});
