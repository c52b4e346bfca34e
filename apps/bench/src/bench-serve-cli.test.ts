import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { benchServeMain } from "./bench-serve-cli.js";
import type { ServeReport } from "./bench-serve/report.js";

/** A stand-in for `llmnist serve`: "7" to everything, batching counters that count one batch per request. */
const FAKE_SERVE = `
import { createServer } from "node:http";
const maxBatch = process.argv.includes("--max-batch") ? 1 : 64;
const counters = { classify: { batches: 0, batched_requests: 0, max_batch_seen: 0 }, chat: { batches: 0, batched_requests: 0, max_batch_seen: 0 } };
process.stderr.write("backend: fake (fake: ok)\\nmodel: nothing\\n");
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const send = (status, value) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(value)); };
    process.stderr.write(req.method + " " + req.url + "\\n");
    if (req.url === "/health") return send(200, { status: "ok", batching: counters });
    const endpoint = req.url === "/v1/classify" ? "classify" : "chat";
    counters[endpoint].batches += 1;
    counters[endpoint].batched_requests += 1;
    if (!body.startsWith("{")) return send(400, { error: { message: "not json" } });
    if (endpoint === "classify") send(200, { digit: 7, probabilities: [] });
    else send(200, { choices: [{ message: { role: "assistant", content: "7" } }] });
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write("listening on http://127.0.0.1:" + server.address().port + "\\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

const dir = mkdtempSync(join(tmpdir(), "bench-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("benchServeMain", () => {
  it("starts both servers, measures, prints the table and saves the Markdown and the JSON", async () => {
    const fake = join(dir, "fake-serve.mjs");
    writeFileSync(fake, FAKE_SERVE);
    const out = join(dir, "out");
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let code: number;
    let printed: string;
    try {
      code = await benchServeMain(["--cli", fake, "--requests", "6", "--chat-requests", "3", "--concurrency", "1,4", "--rounds", "1", "--images", "20", "--out", out]);
    } finally {
      printed = stdout.mock.calls.map((c) => String(c[0])).join("");
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(code).toBe(0);
    expect(printed).toContain("| classify | 4 | batched |");
    expect(printed).toContain("| chat | 1 | one-at-a-time |");

    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^serve-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
    const report = JSON.parse(readFileSync(join(out, files[0]!), "utf8")) as ServeReport;
    expect(report.command).toBe("pnpm bench:serve --cli " + fake + " --requests 6 --chat-requests 3 --concurrency 1,4 --rounds 1 --images 20 --out " + out);
    expect(report.servers.map((s) => [s.mode, s.args, s.backend])).toEqual([
      ["batched", [], "fake"],
      ["one-at-a-time", ["--max-batch", "1"], "fake"],
    ]);
    if (process.platform === "linux") expect(report.servers[0]!.memory!.rss_mb).toBeGreaterThan(10);
    expect(report.cells).toHaveLength(8);
    for (const c of report.cells) {
      expect(c.failed).toBe(0);
      expect(c.rounds[0]!.latencies_ms).toHaveLength(c.endpoint === "classify" ? 6 : 3);
      expect(c.mean_batch).toBe(1);
    }
    // The first MNIST test image is a 7; the next few are not.
    const first = report.cells.find((c) => c.endpoint === "classify" && c.concurrency === 1 && c.mode === "batched")!;
    expect(first.wrong).toBeGreaterThan(0);
    expect(first.wrong).toBeLessThan(6);
    expect(report.ratios.map((r) => `${r.endpoint} ${r.concurrency}`)).toEqual(["classify 1", "classify 4", "chat 1", "chat 4"]);
    expect(readFileSync(join(out, files[1]!), "utf8")).toContain("| server | flags | backend | RSS MB at the end |");
  }, 60_000);

  it("says why when the server exits before listening", async () => {
    const broken = join(dir, "broken-serve.mjs");
    writeFileSync(broken, 'process.stderr.write("MnistVL model not found: /x\\n"); process.exit(2);\n');
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await expect(benchServeMain(["--cli", broken, "--images", "2", "--no-save"])).rejects.toThrow(/exited before listening \(code 2\)\nMnistVL model not found: \/x/);
    } finally {
      stderr.mockRestore();
    }
  }, 60_000);
});
